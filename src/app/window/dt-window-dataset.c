/* SPDX-License-Identifier: GPL-3.0-or-later */
/* dt-window-dataset.c — which dataset the window trains on (the "dataset" setting): loading
 * it, naming it in the header, the empty page when Fashion-MNIST is not installed, and a
 * new network when the loaded kind changes (labels of digits mean nothing for clothes). */
#define G_LOG_DOMAIN "dt-window"

#include "config.h"

#include "dt-window-private.h"

#include <glib/gi18n.h>

#include "dt-class-names.h"
#include "dt-mnist-download.h"

/* FASHION_MNIST_DIR points the app at another copy (the tests' tiny one); otherwise the
 * Debian package's folder.  MNIST keeps its own folder setting. */
void
dt_window_load_data (DtWindow *self)
{
  g_autofree char *name = g_settings_get_string (self->settings, "dataset");
  g_autofree char *dir = NULL;
  NnDatasetKind kind = NN_DATASET_MNIST;

  nn_dataset_kind_from_name (name, &kind);
  if (kind == NN_DATASET_FASHION)
    dir = g_strdup (g_getenv ("FASHION_MNIST_DIR"));
  else
    dir = g_settings_get_string (self->settings, "data-dir");
  self->wanted_kind = kind;
  dt_trainer_load_dataset (self->trainer, kind, dir);
}

/* The user's drawn samples join the training set from the next Train on (drawn digits are
 * MNIST's: another dataset trains without them). */
void
dt_window_push_user_samples (DtWindow *self)
{
  g_autoptr(GError) error = NULL;
  NnDataset *samples;

  if (self->shown_kind != NN_DATASET_MNIST)
    {
      dt_trainer_set_extra_samples (self->trainer, NULL);
      return;
    }
  samples = dt_sketch_panel_dup_user_samples (self->sketch_panel, &error);
  if (error != NULL)
    {
      g_autofree char *text = g_strdup_printf (_("Your drawn digits could not be loaded: %s"),
                                               error->message);
      dt_window_toast (self, text);
    }
  dt_trainer_set_extra_samples (self->trainer, samples);
}

static void
use_mnist_action_cb (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  g_settings_set_string (DT_WINDOW (widget)->settings, "dataset", "mnist");
}

/* The empty page's way back when Fashion-MNIST is missing.  (A window action: an action
 * group inserted on the page's box would leave GTK 4.8's Download MNIST button, below it,
 * no longer following its own action's enabled state.) */
static void
add_back_button (DtWindow  *self,
                 GtkWidget *box)
{
  self->back_to_mnist = gtk_button_new_with_mnemonic (_("Back to _MNIST"));
  gtk_widget_set_halign (self->back_to_mnist, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (self->back_to_mnist, "pill");
  gtk_widget_add_css_class (self->back_to_mnist, "suggested-action");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->back_to_mnist), "win.use-mnist");
  gtk_box_append (GTK_BOX (box), self->back_to_mnist);
}

static void
update_empty_page (DtWindow *self)
{
  GtkWidget *page = gtk_widget_get_ancestor (GTK_WIDGET (self->empty_detail),
                                             ADW_TYPE_STATUS_PAGE);
  gboolean fashion = self->wanted_kind == NN_DATASET_FASHION;
  GtkWidget *box;

  if (page == NULL)
    return;
  box = adw_status_page_get_child (ADW_STATUS_PAGE (page));
  if (self->empty_title == NULL)
    {
      self->empty_title = g_strdup (adw_status_page_get_title (ADW_STATUS_PAGE (page)));
      self->empty_description =
        g_strdup (adw_status_page_get_description (ADW_STATUS_PAGE (page)));
      add_back_button (self, box);
    }
  adw_status_page_set_title (ADW_STATUS_PAGE (page),
                             fashion ? _("Fashion-MNIST Is Not Installed")
                                     : self->empty_title);
  adw_status_page_set_description (ADW_STATUS_PAGE (page),
    fashion ? _("Fashion-MNIST comes with Debian's dataset-fashion-mnist package. Install "
                "it, or go back to MNIST's digits in Preferences (Dataset).")
            : self->empty_description);
  /* Download MNIST and Choose Folder fetch and find MNIST: no help for Fashion-MNIST */
  for (GtkWidget *child = gtk_widget_get_first_child (box); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (DT_IS_MNIST_DOWNLOAD (child) || GTK_IS_BUTTON (child))
      gtk_widget_set_visible (child, (child == self->back_to_mnist) == fashion);
}

/* After every data-state change, before the views that show labels hear of it. */
void
dt_window_dataset_update (DtWindow *self)
{
  DtDataState state = dt_trainer_get_data_state (self->trainer);
  NnDatasetKind kind = dt_trainer_get_dataset (self->trainer);

  update_empty_page (self);
  if (state != DT_DATA_STATE_READY)
    return;
  dt_class_names_set_kind (kind);
  adw_view_switcher_title_set_subtitle (self->switcher_title, dt_class_names_dataset ());
  if (kind == self->shown_kind)
    return;
  self->shown_kind = kind;
  dt_window_push_user_samples (self);
  /* the same as pressing Reset: the run so far stays on the curves, dimmed */
  gtk_widget_activate_action (GTK_WIDGET (self), "win.reset", NULL);
  dt_window_toast (self, kind == NN_DATASET_FASHION
                         ? _("Now learning Fashion-MNIST: the network starts anew")
                         : _("Now learning MNIST's digits: the network starts anew"));
}

void
dt_window_dataset_dispose (DtWindow *self)
{
  g_clear_pointer (&self->empty_title, g_free);
  g_clear_pointer (&self->empty_description, g_free);
}

void
dt_window_class_install_dataset_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.use-mnist", NULL, use_mnist_action_cb);
}
