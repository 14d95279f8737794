/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "digit-trainer"

#include "config.h"

#include "dt-data-chooser.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "nn-dataset.h"
#include "nn-dataset-kind.h"

/* What the answer needs: where to store it, and the owner's slot to clear. */
typedef struct
{
  GSettings             *settings;
  GtkFileChooserNative **slot;
} Request;

static void
request_free (gpointer  data,
              GClosure *closure)
{
  Request *request = data;

  g_object_unref (request->settings);
  g_free (request);
}

static void
response_cb (GtkFileChooserNative *chooser,
             int                   response,
             Request              *request)
{
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      path = file != NULL ? g_file_get_path (file) : NULL;
    }
  if (path != NULL)
    g_settings_set_string (request->settings, "data-dir", path);
  if (*request->slot == chooser)
    g_clear_object (request->slot);
}

void
dt_data_chooser_ask (GtkWindow             *parent,
                     GSettings             *settings,
                     GtkFileChooserNative **chooser)
{
  Request *request;

  g_return_if_fail (G_IS_SETTINGS (settings));
  g_return_if_fail (chooser != NULL);

  g_clear_object (chooser);
  *chooser = gtk_file_chooser_native_new (_("Choose the MNIST Folder"), parent,
                                          GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER,
                                          _("_Select"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (*chooser), TRUE);
  request = g_new (Request, 1);
  request->settings = g_object_ref (settings);
  request->slot = chooser;
  g_signal_connect_data (*chooser, "response", G_CALLBACK (response_cb), request,
                         request_free, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (*chooser));
}

/* One radio row: its check button names the setting's action with the dataset as target. */
static GtkWidget *
dataset_row (const char *title,
             const char *subtitle,
             const char *name,
             GtkWidget  *group_leader)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *check = gtk_check_button_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_underline (ADW_PREFERENCES_ROW (row), TRUE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (check), "dataset.dataset");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (check), "s", name);
  if (group_leader != NULL)
    gtk_check_button_set_group (GTK_CHECK_BUTTON (check), GTK_CHECK_BUTTON (group_leader));
  gtk_accessible_update_relation (GTK_ACCESSIBLE (check), GTK_ACCESSIBLE_RELATION_LABELLED_BY,
                                  row, NULL, -1);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
  return row;
}

GtkWidget *
dt_data_chooser_new_dataset_group (GSettings *settings)
{
  g_autoptr(GSimpleActionGroup) actions = g_simple_action_group_new ();
  g_autoptr(GAction) action = NULL;
  const char *fashion_dir = g_getenv ("FASHION_MNIST_DIR");
  gboolean have_fashion;
  GtkWidget *group, *mnist, *fashion;

  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  have_fashion = nn_data_dir_has_all_files (fashion_dir != NULL ? fashion_dir
                                                                : NN_FASHION_MNIST_DIR);
  group = adw_preferences_group_new ();
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("Dataset"));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group),
    _("A change loads the other set and starts a new network, as Reset does"));
  mnist = dataset_row (_("_MNIST"), _("Handwritten digits 0–9"), "mnist", NULL);
  fashion = dataset_row (_("_Fashion-MNIST"),
                         have_fashion ? _("Clothing: T-shirts, trousers, dresses, bags, shoes…")
                                      : _("Not installed: apt-get install dataset-fashion-mnist"),
                         "fashion", adw_action_row_get_activatable_widget (ADW_ACTION_ROW (mnist)));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), mnist);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), fashion);
  action = g_settings_create_action (settings, "dataset");
  g_action_map_add_action (G_ACTION_MAP (actions), action);
  gtk_widget_insert_action_group (group, "dataset", G_ACTION_GROUP (actions));
  return group;
}
