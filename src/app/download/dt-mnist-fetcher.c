/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dt-download"

#include "config.h"

#include "dt-mnist-fetcher-private.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>

#include "dt-fetch-http.h"

enum
{
  PROGRESS,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (DtMnistFetcher, dt_mnist_fetcher, G_TYPE_OBJECT)

static void next_step (GTask *task);

static void
clear_file (gpointer data)
{
  DtMnistFile *file = data;

  g_free ((char *) file->name);
  g_free ((char *) file->sha256);
}

/* Runs func on a GTask thread with the run's data; done gets the run's task back.  Steps
 * that must finish even when the run is cancelled (clean-up, the final renames) get no
 * cancellable. */
static void
run_step (GTask               *task,
          GTaskThreadFunc      func,
          GAsyncReadyCallback  done,
          gboolean             cancellable)
{
  g_autoptr(GTask) sub = g_task_new (g_task_get_source_object (task),
                                     cancellable ? g_task_get_cancellable (task) : NULL,
                                     done, task);

  g_task_set_task_data (sub, g_task_get_task_data (task), NULL);
  g_task_run_in_thread (sub, func);
}

/* ---- ending a run ------------------------------------------------------------------------ */

static void
cleaned_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  GTask *task = user_data;
  DtMnistFetcher *self = DT_MNIST_FETCHER (source);
  DtFetchRun *run = g_task_get_task_data (task);

  self->running = FALSE;
  dt_mnist_fetcher_set_phase (self, DT_FETCH_PHASE_IDLE, NULL, NULL);
  g_task_return_error (task, g_steal_pointer (&run->failure));
  g_object_unref (task);
}

/* Removes everything the run wrote, then returns error. */
static void
run_fail (GTask  *task,
          GError *error)
{
  DtFetchRun *run = g_task_get_task_data (task);

  run->failure = error;
  run_step (task, dt_mnist_fetcher_cleanup_thread, cleaned_cb, FALSE);
}

static void
installed_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  GTask *task = user_data;
  DtMnistFetcher *self = DT_MNIST_FETCHER (source);
  GError *error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      run_fail (task, error);
      return;
    }
  self->running = FALSE;
  self->progress.fraction = 1.0;
  dt_mnist_fetcher_set_phase (self, DT_FETCH_PHASE_DONE, NULL, NULL);
  g_task_return_boolean (task, TRUE);
  g_object_unref (task);
}

static goffset
missing_size (DtMnistFetcher *self,
              DtFetchRun     *run)
{
  goffset size = 0;

  for (guint i = 0; i < self->files->len; i++)
    if (!run->ready[i])
      size += dt_mnist_fetcher_file (self, i)->size;
  return size;
}

static GError *
failure_error (DtMnistFetcher *self,
               DtFetchRun     *run)
{
  g_autoptr(GString) names = g_string_new (NULL);

  for (guint i = 0; i < self->files->len; i++)
    if (!run->ready[i])
      g_string_append_printf (names, "%s%s", names->len > 0 ? ", " : "",
                              dt_mnist_fetcher_file (self, i)->name);
  return g_error_new (DT_FETCH_ERROR, DT_FETCH_ERROR_FAILED,
                      _("No source gave verified copies of: %s"), names->str);
}

/* Every source has had its turn: install when every file is verified, else clean up. */
static void
finish (GTask *task)
{
  DtMnistFetcher *self = g_task_get_source_object (task);
  DtFetchRun *run = g_task_get_task_data (task);

  if (missing_size (self, run) > 0)
    {
      run_fail (task, failure_error (self, run));
      return;
    }
  dt_mnist_fetcher_set_phase (self, DT_FETCH_PHASE_INSTALLING, NULL, NULL);
  run_step (task, dt_mnist_fetcher_install_thread, installed_cb, FALSE);
}

/* ---- the sources ------------------------------------------------------------------------- */

static void
add_attempt (DtMnistFetcher *self,
             const char     *file,
             const GError   *error)
{
  g_ptr_array_add (self->attempts, dt_fetch_attempt_new (self->progress_source, file, error));
}

static void
extracted_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  GTask *task = user_data;
  DtMnistFetcher *self = DT_MNIST_FETCHER (source);
  DtFetchRun *run = g_task_get_task_data (task);
  GError *error = NULL;

  dt_mnist_fetcher_update_fraction (self, run);
  for (guint i = 0; i < self->files->len; i++)
    if (run->tar_errors[i] != NULL)
      add_attempt (self, dt_mnist_fetcher_file (self, i)->name, run->tar_errors[i]);
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (error->domain != DT_FETCH_ERROR)
        {
          run_fail (task, error);
          return;
        }
      add_attempt (self, NULL, error);
      g_error_free (error);
    }
  finish (task);
}

/* The end of a download: TRUE when the file arrived (it is verified next); FALSE with
 * *refused when the source failed; FALSE alone when the run failed (it is cleaning up). */
static gboolean
download_arrived (GTask         *task,
                  GAsyncResult  *result,
                  GError       **refused)
{
  DtMnistFetcher *self = g_task_get_source_object (task);
  GError *error = NULL;

  if (dt_fetch_download_finish (result, refused, &error))
    {
      dt_mnist_fetcher_set_phase (self, DT_FETCH_PHASE_VERIFYING, self->progress_source,
                                  self->progress_file);
      return TRUE;
    }
  if (error != NULL)
    run_fail (task, error);
  return FALSE;
}

static void
tarball_downloaded_cb (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  GTask *task = user_data;
  DtMnistFetcher *self = g_task_get_source_object (task);
  GError *refused = NULL;

  if (download_arrived (task, result, &refused))
    run_step (task, dt_mnist_fetcher_extract_thread, extracted_cb, TRUE);
  else if (refused != NULL)
    {
      add_attempt (self, NULL, refused);
      g_error_free (refused);
      finish (task);
    }
}

static void
gunzipped_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  GTask *task = user_data;
  DtMnistFetcher *self = DT_MNIST_FETCHER (source);
  DtFetchRun *run = g_task_get_task_data (task);
  GError *error = NULL;

  if (g_task_propagate_boolean (G_TASK (result), &error))
    {
      run->ready[run->file] = TRUE;
      dt_mnist_fetcher_update_fraction (self, run);
    }
  else if (error->domain == DT_FETCH_ERROR)
    {
      add_attempt (self, dt_mnist_fetcher_file (self, run->file)->name, error);
      g_error_free (error);
      run->mirror++;
    }
  else
    {
      run_fail (task, error);
      return;
    }
  next_step (task);
}

static void
mirror_downloaded_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  GTask *task = user_data;
  DtMnistFetcher *self = g_task_get_source_object (task);
  DtFetchRun *run = g_task_get_task_data (task);
  GError *refused = NULL;

  if (download_arrived (task, result, &refused))
    run_step (task, dt_mnist_fetcher_gunzip_thread, gunzipped_cb, TRUE);
  else if (refused != NULL)
    {
      add_attempt (self, dt_mnist_fetcher_file (self, run->file)->name, refused);
      /* as fetch-mnist.sh does: a host that cannot be reached is not asked again */
      if (dt_fetch_problem_is_host_wide (dt_fetch_problem_from_error (refused)))
        run->dead[run->mirror] = TRUE;
      g_error_free (refused);
      run->mirror++;
      next_step (task);
    }
}

/* Starts downloading url into the work folder as name; done gets the result. */
static void
download (GTask               *task,
          const char          *url,
          const char          *name,
          goffset              limit,
          GAsyncReadyCallback  done)
{
  DtMnistFetcher *self = g_task_get_source_object (task);
  DtFetchRun *run = g_task_get_task_data (task);

  g_free (run->download_path);
  run->download_path = g_build_filename (run->work_dir, name, NULL);
  dt_mnist_fetcher_set_phase (self, DT_FETCH_PHASE_CONNECTING, url, name);
  self->progress.archive = run->tarball_tried;
  dt_mnist_fetcher_update_fraction (self, run);
  dt_fetch_download_async (self->session, url, run->download_path, limit,
                           g_task_get_cancellable (task), dt_mnist_fetcher_received_cb, task,
                           done, task);
}

/* The next source to ask: the next reachable mirror for the current file, then the next
 * file, then the tarball for whatever is missing, then the end. */
static void
next_step (GTask *task)
{
  DtMnistFetcher *self = g_task_get_source_object (task);
  DtFetchRun *run = g_task_get_task_data (task);
  guint n_mirrors = g_strv_length (self->mirrors);
  GError *error = NULL;

  if (g_cancellable_set_error_if_cancelled (g_task_get_cancellable (task), &error))
    {
      run_fail (task, error);
      return;
    }
  while (run->file < self->files->len)
    {
      const DtMnistFile *file = dt_mnist_fetcher_file (self, run->file);

      while (!run->ready[run->file] && run->mirror < n_mirrors && run->dead[run->mirror])
        run->mirror++;
      if (!run->ready[run->file] && run->mirror < n_mirrors)
        {
          g_autofree char *name = g_strconcat (file->name, ".gz", NULL);
          g_autofree char *url = g_strconcat (self->mirrors[run->mirror], name, NULL);

          /* gzip never grows a file by more than a few bytes per 16 KiB block */
          download (task, url, name, file->size + file->size / 100 + 4096,
                    mirror_downloaded_cb);
          return;
        }
      run->file++;
      run->mirror = 0;
    }
  if (missing_size (self, run) > 0 && self->tarball_url != NULL && !run->tarball_tried)
    {
      g_autofree char *name = g_path_get_basename (self->tarball_url);
      goffset size = missing_size (self, run);

      run->tarball_tried = TRUE;
      /* the tarball holds all the files, compressed; allow the other files and headers */
      download (task, self->tarball_url, name, 2 * size + (1 << 20), tarball_downloaded_cb);
      return;
    }
  finish (task);
}

/* ---- starting a run ---------------------------------------------------------------------- */

static void
prepared_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  GTask *task = user_data;
  DtMnistFetcher *self = DT_MNIST_FETCHER (source);
  DtFetchRun *run = g_task_get_task_data (task);
  GError *error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      run_fail (task, error);
      return;
    }
  self->progress.n_files = 0;
  for (guint i = 0; i < self->files->len; i++)
    self->progress.n_files += !run->present[i];
  next_step (task);
}

void
dt_mnist_fetcher_run_async (DtMnistFetcher      *self,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  GTask *task;
  DtFetchRun *run;
  guint n = self->files->len;

  g_return_if_fail (DT_IS_MNIST_FETCHER (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, dt_mnist_fetcher_run_async);
  if (self->running)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_PENDING,
                               _("A download is already running"));
      g_object_unref (task);
      return;
    }
  self->running = TRUE;
  g_ptr_array_set_size (self->attempts, 0);
  memset (&self->progress, 0, sizeof self->progress);
  run = g_new0 (DtFetchRun, 1);
  run->present = g_new0 (gboolean, n);
  run->ready = g_new0 (gboolean, n);
  run->n_files = n;
  run->tar_errors = g_new0 (GError *, n);
  run->dead = g_new0 (gboolean, g_strv_length (self->mirrors) + 1);
  g_task_set_task_data (task, run, dt_mnist_fetcher_run_free);
  dt_mnist_fetcher_set_phase (self, DT_FETCH_PHASE_CHECKING, NULL, NULL);
  run_step (task, dt_mnist_fetcher_prepare_thread, prepared_cb, TRUE);
}

gboolean
dt_mnist_fetcher_run_finish (DtMnistFetcher  *self,
                             GAsyncResult    *result,
                             GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ---- the object -------------------------------------------------------------------------- */

const DtFetchProgress *
dt_mnist_fetcher_get_progress (DtMnistFetcher *self)
{
  g_return_val_if_fail (DT_IS_MNIST_FETCHER (self), NULL);
  return &self->progress;
}

GPtrArray *
dt_mnist_fetcher_get_attempts (DtMnistFetcher *self)
{
  g_return_val_if_fail (DT_IS_MNIST_FETCHER (self), NULL);
  return self->attempts;
}

const char *
dt_mnist_fetcher_get_dest_dir (DtMnistFetcher *self)
{
  g_return_val_if_fail (DT_IS_MNIST_FETCHER (self), NULL);
  return self->dest_dir;
}

void
dt_mnist_fetcher_set_sources (DtMnistFetcher     *self,
                              const char * const *mirrors,
                              const char         *tarball_url)
{
  g_return_if_fail (DT_IS_MNIST_FETCHER (self));
  g_return_if_fail (!self->running);

  g_strfreev (self->mirrors);
  self->mirrors = mirrors != NULL ? g_strdupv ((char **) mirrors) : g_new0 (char *, 1);
  g_free (self->tarball_url);
  self->tarball_url = g_strdup (tarball_url);
}

void
dt_mnist_fetcher_set_files (DtMnistFetcher    *self,
                            const DtMnistFile *files,
                            guint              n_files)
{
  g_return_if_fail (DT_IS_MNIST_FETCHER (self));
  g_return_if_fail (!self->running);
  g_return_if_fail (files != NULL || n_files == 0);

  g_array_set_size (self->files, 0);
  for (guint i = 0; i < n_files; i++)
    {
      DtMnistFile copy = { g_strdup (files[i].name), files[i].size, g_strdup (files[i].sha256) };

      g_array_append_val (self->files, copy);
    }
}

static void
dt_mnist_fetcher_finalize (GObject *object)
{
  DtMnistFetcher *self = DT_MNIST_FETCHER (object);

  g_free (self->dest_dir);
  g_strfreev (self->mirrors);
  g_free (self->tarball_url);
  g_array_unref (self->files);
  g_clear_object (&self->session);
  g_ptr_array_unref (self->attempts);
  g_free (self->progress_source);
  g_free (self->progress_file);

  G_OBJECT_CLASS (dt_mnist_fetcher_parent_class)->finalize (object);
}

static void
dt_mnist_fetcher_class_init (DtMnistFetcherClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = dt_mnist_fetcher_finalize;

  signals[PROGRESS] = g_signal_new ("progress", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                    0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
dt_mnist_fetcher_init (DtMnistFetcher *self)
{
  g_autofree char *tarball = dt_mnist_tarball_from_env ();

  self->files = g_array_new (FALSE, FALSE, sizeof (DtMnistFile));
  g_array_set_clear_func (self->files, clear_file);
  dt_mnist_fetcher_set_files (self, dt_mnist_files (), DT_MNIST_N_FILES);
  self->mirrors = dt_mnist_mirrors_from_env ();
  self->tarball_url = g_steal_pointer (&tarball);
  self->session = dt_fetch_session_new ();
  self->attempts = g_ptr_array_new_with_free_func ((GDestroyNotify) dt_fetch_attempt_free);
}

DtMnistFetcher *
dt_mnist_fetcher_new (const char *dest_dir)
{
  DtMnistFetcher *self;

  g_return_val_if_fail (dest_dir != NULL, NULL);

  self = g_object_new (DT_TYPE_MNIST_FETCHER, NULL);
  self->dest_dir = g_strdup (dest_dir);
  return self;
}
