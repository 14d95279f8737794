/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The blocking steps of a DtMnistFetcher run, each the body of a GTask thread: they touch
 * only the DtFetchRun and the fetcher's fields that do not change while it runs. */
#define G_LOG_DOMAIN "dt-download"

#include "config.h"

#include "dt-mnist-fetcher-private.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#define WORK_PREFIX ".download-"   /* the run's hidden work folder inside the destination */

void
dt_mnist_fetcher_run_free (gpointer data)
{
  DtFetchRun *run = data;

  g_free (run->work_dir);
  g_free (run->created_top);
  g_free (run->present);
  g_free (run->ready);
  g_free (run->dead);
  for (guint i = 0; i < run->n_files; i++)
    g_clear_error (&run->tar_errors[i]);
  g_free (run->tar_errors);
  g_free (run->download_path);
  g_clear_error (&run->failure);
  g_free (run);
}

/* The outermost ancestor of dir (or dir itself) that does not exist yet, or NULL. */
static char *
first_missing_folder (const char *dir)
{
  g_autofree char *path = g_strdup (dir);
  char *top = NULL;

  while (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      char *parent = g_path_get_dirname (path);

      g_free (top);
      top = g_steal_pointer (&path);
      path = parent;
      if (g_strcmp0 (top, path) == 0)
        break;
    }
  return top;
}

/* Work folders of runs that never got to clean up (the process ended mid-way: app.quit
 * does not wait for held work) are removed before a new run starts. */
static void
remove_stale_work (const char *dest_dir)
{
  g_autoptr(GDir) dir = g_dir_open (dest_dir, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (dest_dir, name, NULL);

      if (g_str_has_prefix (name, WORK_PREFIX) && g_file_test (path, G_FILE_TEST_IS_DIR))
        dt_fetch_remove_tree (path, NULL);
    }
}

void
dt_mnist_fetcher_prepare_thread (GTask        *sub,
                                 gpointer      source,
                                 gpointer      task_data,
                                 GCancellable *cancellable)
{
  DtMnistFetcher *self = source;
  DtFetchRun *run = task_data;
  g_autofree char *tmpl = NULL;
  int saved;

  run->created_top = first_missing_folder (self->dest_dir);
  if (g_mkdir_with_parents (self->dest_dir, 0755) != 0)
    {
      saved = errno;
      g_task_return_new_error (sub, G_IO_ERROR, g_io_error_from_errno (saved),
                               _("Could not create %s: %s"), self->dest_dir,
                               g_strerror (saved));
      return;
    }
  for (guint i = 0; i < self->files->len; i++)
    {
      const DtMnistFile *file = dt_mnist_fetcher_file (self, i);
      g_autofree char *path = g_build_filename (self->dest_dir, file->name, NULL);

      run->present[i] = dt_fetch_file_is_verified (path, file, cancellable);
      run->ready[i] = run->present[i];
    }
  remove_stale_work (self->dest_dir);
  tmpl = g_build_filename (self->dest_dir, WORK_PREFIX "XXXXXX", NULL);
  if (g_mkdtemp (tmpl) == NULL)
    {
      saved = errno;
      g_task_return_new_error (sub, G_IO_ERROR, g_io_error_from_errno (saved),
                               _("Could not create a folder in %s: %s"), self->dest_dir,
                               g_strerror (saved));
      return;
    }
  run->work_dir = g_steal_pointer (&tmpl);
  g_task_return_boolean (sub, TRUE);
}

/* What was downloaded is unpacked (or refused): it goes, and the result goes back. */
static void
return_unpacked (GTask      *sub,
                 DtFetchRun *run,
                 gboolean    ok,
                 GError     *error)
{
  g_unlink (run->download_path);
  if (ok)
    g_task_return_boolean (sub, TRUE);
  else
    g_task_return_error (sub, error);
}

void
dt_mnist_fetcher_gunzip_thread (GTask        *sub,
                                gpointer      source,
                                gpointer      task_data,
                                GCancellable *cancellable)
{
  DtMnistFetcher *self = source;
  DtFetchRun *run = task_data;
  const DtMnistFile *file = dt_mnist_fetcher_file (self, run->file);
  g_autofree char *out_path = g_build_filename (run->work_dir, file->name, NULL);
  GError *error = NULL;
  gboolean ok;

  ok = dt_fetch_gunzip_verified (run->download_path, out_path, file, cancellable, &error);
  return_unpacked (sub, run, ok, error);
}

void
dt_mnist_fetcher_extract_thread (GTask        *sub,
                                 gpointer      source,
                                 gpointer      task_data,
                                 GCancellable *cancellable)
{
  DtMnistFetcher *self = source;
  DtFetchRun *run = task_data;
  GError *error = NULL;
  gboolean ok;

  ok = dt_fetch_extract_verified (run->download_path, run->work_dir,
                                  (const DtMnistFile *) (void *) self->files->data,
                                  self->files->len, run->ready, run->tar_errors, cancellable,
                                  &error);
  return_unpacked (sub, run, ok, error);
}

void
dt_mnist_fetcher_install_thread (GTask        *sub,
                                 gpointer      source,
                                 gpointer      task_data,
                                 GCancellable *cancellable)
{
  DtMnistFetcher *self = source;
  DtFetchRun *run = task_data;

  for (guint i = 0; i < self->files->len; i++)
    {
      const char *name = dt_mnist_fetcher_file (self, i)->name;
      g_autofree char *from = g_build_filename (run->work_dir, name, NULL);
      g_autofree char *to = g_build_filename (self->dest_dir, name, NULL);
      int saved;

      if (run->present[i])
        continue;
      if (g_rename (from, to) != 0)
        {
          saved = errno;
          g_task_return_new_error (sub, G_IO_ERROR, g_io_error_from_errno (saved),
                                   _("Could not move %s into %s: %s"), name, self->dest_dir,
                                   g_strerror (saved));
          return;
        }
    }
  dt_fetch_remove_tree (run->work_dir, NULL);
  g_clear_pointer (&run->work_dir, g_free);
  g_task_return_boolean (sub, TRUE);
}

void
dt_mnist_fetcher_cleanup_thread (GTask        *sub,
                                 gpointer      source,
                                 gpointer      task_data,
                                 GCancellable *cancellable)
{
  DtFetchRun *run = task_data;
  DtMnistFetcher *self = source;
  g_autofree char *dir = g_strdup (self->dest_dir);

  if (run->work_dir != NULL && !dt_fetch_remove_tree (run->work_dir, NULL))
    g_warning ("Could not remove the download folder %s", run->work_dir);
  /* the folders this run made, innermost first, as long as they are empty */
  while (run->created_top != NULL && g_rmdir (dir) == 0 && g_strcmp0 (dir, run->created_top) != 0)
    {
      char *parent = g_path_get_dirname (dir);

      g_free (dir);
      dir = parent;
    }
  g_task_return_boolean (sub, TRUE);
}

