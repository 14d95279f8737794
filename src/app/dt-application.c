/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dt-application"

#include "config.h"

#include "dt-application.h"
#include "dt-renderer.h"

#include <glib/gi18n.h>

#include "dt-preferences-window.h"
#include "dt-settings.h"
#include "dt-window.h"
#include "nn-gemm.h"

struct _DtApplication
{
  AdwApplication parent_instance;
};

G_DEFINE_FINAL_TYPE (DtApplication, dt_application, ADW_TYPE_APPLICATION)

static void
quit_action_cb (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  GApplication *app = user_data;
  GList *windows = gtk_application_get_windows (GTK_APPLICATION (app));

  /* closing the windows stops and joins their trainers before the process ends */
  while (windows != NULL)
    {
      GList *next = windows->next;
      gtk_window_destroy (windows->data);
      windows = next;
    }
  g_application_quit (app);
}

/* Not modal: the window behind it stays in use (Stop, the settings panel), and a second
 * Ctrl+, presents the one already open. */
static void
preferences_action_cb (GSimpleAction *action,
                       GVariant      *parameter,
                       gpointer       user_data)
{
  GtkApplication *app = user_data;
  GtkWindow *parent = gtk_application_get_active_window (app);
  g_autoptr(GSettings) settings = NULL;
  GtkWidget *prefs;

  for (GList *w = gtk_application_get_windows (app); w != NULL; w = w->next)
    if (DT_IS_PREFERENCES_WINDOW (w->data))
      {
        gtk_window_present (w->data);
        return;
      }
  if (DT_IS_PREFERENCES_WINDOW (parent))
    parent = gtk_window_get_transient_for (parent);
  settings = dt_settings_new ();
  prefs = dt_preferences_window_new (settings);
  gtk_window_set_application (GTK_WINDOW (prefs), app);
  gtk_window_set_transient_for (GTK_WINDOW (prefs), parent);
  gtk_window_set_modal (GTK_WINDOW (prefs), FALSE);
  gtk_window_set_hide_on_close (GTK_WINDOW (prefs), FALSE);
  if (DT_IS_WINDOW (parent))
    dt_preferences_window_set_trainer (DT_PREFERENCES_WINDOW (prefs),
                                       dt_window_get_trainer (DT_WINDOW (parent)));
  gtk_window_present (GTK_WINDOW (prefs));
}

static void
about_action_cb (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       user_data)
{
  GtkApplication *app = user_data;
  static const char *developers[] = { "The Digit Trainer contributors", NULL };
  static const char *mnist[] = {
    "Yann LeCun", "Corinna Cortes", "Christopher J.C. Burges", NULL,
  };
  /* Translators: put your names here, one per line; left untranslated, About lists no
   * translators */
  const char *translators = _("translator-credits");
  GtkWidget *about;

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", gtk_application_get_active_window (app),
                        "modal", TRUE,
                        "application-name", _("Digit Trainer"),
                        "application-icon", APP_ID,
                        "developer-name", _("The Digit Trainer contributors"),
                        "version", PACKAGE_VERSION,
                        "comments", _("Watch a neural network learn to read handwritten digits, "
                                      "then draw your own."),
                        "license-type", GTK_LICENSE_GPL_3_0,
                        "developers", developers,
                        NULL);
  if (!g_str_equal (translators, "translator-credits"))
    adw_about_window_set_translator_credits (ADW_ABOUT_WINDOW (about), translators);
  adw_about_window_add_credit_section (ADW_ABOUT_WINDOW (about),
                                       _("The MNIST database of handwritten digits"), mnist);
  adw_about_window_add_acknowledgement_section (ADW_ABOUT_WINDOW (about),
                                                _("The lesson this app grew from"),
                                                (const char *[]) { "Keras MNIST MLP", NULL });
  gtk_window_present (GTK_WINDOW (about));
}

static const GActionEntry app_actions[] = {
  { "quit", quit_action_cb },
  { "preferences", preferences_action_cb },
  { "about", about_action_cb },
};

static void
dt_application_startup (GApplication *app)
{
  static const struct { const char *action; const char *accels[3]; } accels[] = {
    { "app.quit", { "<Control>q", NULL } },
    { "app.preferences", { "<Control>comma", NULL } },
    { "win.show-help-overlay", { "<Control>question", NULL } },
  };

  G_APPLICATION_CLASS (dt_application_parent_class)->startup (app);
  dt_renderer_choose ();

  /* one BLAS thread: fastest for batch-32 shapes, and it leaves a core to the interface */
  nn_blas_set_threads (1);

  g_action_map_add_action_entries (G_ACTION_MAP (app), app_actions, G_N_ELEMENTS (app_actions),
                                   app);
  for (guint i = 0; i < G_N_ELEMENTS (accels); i++)
    gtk_application_set_accels_for_action (GTK_APPLICATION (app), accels[i].action,
                                           accels[i].accels);
}

static void
dt_application_activate (GApplication *app)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  /* single instance: a second launch presents the window that is already open */
  if (window == NULL)
    window = GTK_WINDOW (dt_window_new (ADW_APPLICATION (app)));
  gtk_window_present (window);
}

static void
dt_application_class_init (DtApplicationClass *klass)
{
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  app_class->startup = dt_application_startup;
  app_class->activate = dt_application_activate;
}

static void
dt_application_init (DtApplication *self)
{
  g_application_set_option_context_summary (G_APPLICATION (self),
    _("Train the Keras MNIST lesson network and watch it learn."));
}

DtApplication *
dt_application_new (void)
{
  return g_object_new (DT_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       "resource-base-path", "/io/github/digittrainer/DigitTrainer",
                       NULL);
}
