/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dt-mnist-download"

#include "config.h"

#include "dt-mnist-download.h"

#include <glib/gi18n.h>

#include "dt-mnist-fetcher.h"
#include "nn-dataset.h"

struct _DtMnistDownload
{
  GtkWidget       parent_instance;

  GtkWidget      *download_button;
  GtkWidget      *progress_box;
  GtkProgressBar *progress_bar;
  GtkLabel       *progress_label;
  GtkWidget      *cancel_button;
  GtkLabel       *status_label;
  GtkWidget      *failure_box;
  GtkLabel       *report_label;
  GtkLabel       *command_label;

  char           *destination;
  DtMnistFetcher *fetcher;          /* while a download runs */
  GCancellable   *cancellable;
};

/* What a run's callback needs: the widget if it still exists, and the application held
 * until the run (and its clean-up) is over. */
typedef struct
{
  GWeakRef      self;
  GApplication *held;
} RunData;

enum
{
  FINISHED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (DtMnistDownload, dt_mnist_download, GTK_TYPE_WIDGET)

static void
set_status (DtMnistDownload *self,
            const char      *text,
            gboolean         error)
{
  gtk_label_set_label (self->status_label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->status_label), *text != '\0');
  if (error)
    gtk_widget_add_css_class (GTK_WIDGET (self->status_label), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), "error");
}

static void
set_running (DtMnistDownload *self,
             gboolean         running)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;
  GtkWidget *hidden = running ? self->download_button : self->cancel_button;

  gtk_widget_set_visible (self->download_button, !running);
  gtk_widget_set_visible (self->progress_box, running);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "download.start", !running);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "download.cancel", running);
  /* the button that goes away hands its focus to the one that comes, so Return and Escape
   * keep working from the keyboard */
  if (focus == hidden)
    gtk_widget_grab_focus (running ? self->cancel_button : self->download_button);
}

static void
progress_cb (DtMnistDownload *self,
             DtMnistFetcher  *fetcher)
{
  const DtFetchProgress *progress = dt_mnist_fetcher_get_progress (fetcher);
  g_autofree char *text = dt_fetch_progress_format (progress);

  gtk_progress_bar_set_fraction (self->progress_bar, progress->fraction);
  gtk_label_set_label (self->progress_label, text);
}

static void
show_failure (DtMnistDownload *self,
              DtMnistFetcher  *fetcher,
              const GError    *error)
{
  GPtrArray *attempts = dt_mnist_fetcher_get_attempts (fetcher);
  g_autofree char *tried = dt_fetch_attempts_format (attempts);
  g_autofree char *report = NULL;

  set_status (self, _("The download failed."), TRUE);
  report = g_strdup_printf ("%s\n\n%s", attempts->len > 0 ? tried : _("(none: no source is set)"),
                            error->message);
  gtk_label_set_label (self->report_label, report);
  gtk_widget_set_visible (self->failure_box, TRUE);
}

static void
fetched_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  RunData *data = user_data;
  g_autoptr(DtMnistDownload) self = g_weak_ref_get (&data->self);
  DtMnistFetcher *fetcher = DT_MNIST_FETCHER (source);
  g_autoptr(GError) error = NULL;
  gboolean ok = dt_mnist_fetcher_run_finish (fetcher, result, &error);

  if (data->held != NULL)
    g_application_release (data->held);
  g_clear_object (&data->held);
  g_weak_ref_clear (&data->self);
  g_free (data);
  if (self != NULL && fetcher == self->fetcher)
    {
      g_clear_object (&self->cancellable);
      set_running (self, FALSE);
      if (ok)
        set_status (self, _("MNIST is ready."), FALSE);
      else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        set_status (self, _("Download cancelled; nothing was kept."), FALSE);
      else if (error->domain == DT_FETCH_ERROR)
        show_failure (self, fetcher, error);
      else
        set_status (self, error->message, TRUE);
      g_signal_handlers_disconnect_by_data (fetcher, self);
      g_clear_object (&self->fetcher);
      if (ok)
        g_signal_emit (self, signals[FINISHED], 0);
    }
}

static void
start_action_cb (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  DtMnistDownload *self = DT_MNIST_DOWNLOAD (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkApplication *app = GTK_IS_WINDOW (root) ? gtk_window_get_application (GTK_WINDOW (root))
                                             : NULL;
  RunData *data;

  if (self->fetcher != NULL)
    return;
  set_status (self, "", FALSE);
  gtk_widget_set_visible (self->failure_box, FALSE);
  gtk_progress_bar_set_fraction (self->progress_bar, 0);
  gtk_label_set_label (self->progress_label, "");
  /* the sources are read from the environment now, so a changed MNIST_MIRRORS counts */
  self->fetcher = dt_mnist_fetcher_new (self->destination);
  self->cancellable = g_cancellable_new ();
  g_signal_connect_object (self->fetcher, "progress", G_CALLBACK (progress_cb), self,
                           G_CONNECT_SWAPPED);
  data = g_new0 (RunData, 1);
  g_weak_ref_init (&data->self, self);
  if (app != NULL)
    {
      /* closing the window mid-way cancels; the clean-up must still get to run */
      data->held = G_APPLICATION (g_object_ref (app));
      g_application_hold (data->held);
    }
  set_running (self, TRUE);
  dt_mnist_fetcher_run_async (self->fetcher, self->cancellable, fetched_cb, data);
}

static void
cancel_action_cb (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  g_cancellable_cancel (DT_MNIST_DOWNLOAD (widget)->cancellable);
}

/* ---- public ------------------------------------------------------------------------------ */

GtkWidget *
dt_mnist_download_new (void)
{
  return g_object_new (DT_TYPE_MNIST_DOWNLOAD, NULL);
}

void
dt_mnist_download_set_destination (DtMnistDownload *self,
                                   const char      *dir)
{
  g_return_if_fail (DT_IS_MNIST_DOWNLOAD (self));
  g_return_if_fail (dir != NULL);

  g_free (self->destination);
  self->destination = g_strdup (dir);
}

const char *
dt_mnist_download_get_destination (DtMnistDownload *self)
{
  g_return_val_if_fail (DT_IS_MNIST_DOWNLOAD (self), NULL);
  return self->destination;
}

gboolean
dt_mnist_download_get_running (DtMnistDownload *self)
{
  g_return_val_if_fail (DT_IS_MNIST_DOWNLOAD (self), FALSE);
  return self->fetcher != NULL;
}

const char *
dt_mnist_download_get_status (DtMnistDownload *self)
{
  g_return_val_if_fail (DT_IS_MNIST_DOWNLOAD (self), NULL);
  return gtk_label_get_label (self->status_label);
}

const char *
dt_mnist_download_get_progress_text (DtMnistDownload *self)
{
  g_return_val_if_fail (DT_IS_MNIST_DOWNLOAD (self), NULL);
  return gtk_label_get_label (self->progress_label);
}

const char *
dt_mnist_download_get_report (DtMnistDownload *self)
{
  g_return_val_if_fail (DT_IS_MNIST_DOWNLOAD (self), NULL);
  return gtk_widget_get_visible (self->failure_box) ? gtk_label_get_label (self->report_label)
                                                    : "";
}

/* ---- the type ---------------------------------------------------------------------------- */

static void
dt_mnist_download_dispose (GObject *object)
{
  DtMnistDownload *self = DT_MNIST_DOWNLOAD (object);

  /* the run goes on to clean up (and then releases the application) without us */
  g_cancellable_cancel (self->cancellable);
  if (self->fetcher != NULL)
    g_signal_handlers_disconnect_by_data (self->fetcher, self);
  g_clear_object (&self->fetcher);
  gtk_widget_dispose_template (GTK_WIDGET (self), DT_TYPE_MNIST_DOWNLOAD);

  G_OBJECT_CLASS (dt_mnist_download_parent_class)->dispose (object);
}

static void
dt_mnist_download_finalize (GObject *object)
{
  DtMnistDownload *self = DT_MNIST_DOWNLOAD (object);

  g_free (self->destination);
  g_clear_object (&self->fetcher);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (dt_mnist_download_parent_class)->finalize (object);
}

static void
dt_mnist_download_class_init (DtMnistDownloadClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dt_mnist_download_dispose;
  object_class->finalize = dt_mnist_download_finalize;

  signals[FINISHED] = g_signal_new ("finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                    0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
    "/io/github/digittrainer/DigitTrainer/ui/dt-mnist-download.ui");
  gtk_widget_class_bind_template_child (widget_class, DtMnistDownload, download_button);
  gtk_widget_class_bind_template_child (widget_class, DtMnistDownload, progress_box);
  gtk_widget_class_bind_template_child (widget_class, DtMnistDownload, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, DtMnistDownload, progress_label);
  gtk_widget_class_bind_template_child (widget_class, DtMnistDownload, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, DtMnistDownload, status_label);
  gtk_widget_class_bind_template_child (widget_class, DtMnistDownload, failure_box);
  gtk_widget_class_bind_template_child (widget_class, DtMnistDownload, report_label);
  gtk_widget_class_bind_template_child (widget_class, DtMnistDownload, command_label);

  gtk_widget_class_install_action (widget_class, "download.start", NULL, start_action_cb);
  gtk_widget_class_install_action (widget_class, "download.cancel", NULL, cancel_action_cb);
}

static void
dt_mnist_download_init (DtMnistDownload *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->destination = nn_data_default_dir ();
  gtk_label_set_label (self->command_label, DT_MNIST_FETCH_COMMAND);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "download.cancel", FALSE);
}
