/* SPDX-License-Identifier: GPL-3.0-or-later */
/* DtMnistFetcher's progress record: what it says, and when "progress" is emitted (at once
 * on a change of phase, source or file; at 10 Hz at most while bytes flow). */
#define G_LOG_DOMAIN "dt-download"

#include "config.h"

#include "dt-mnist-fetcher-private.h"

#define PROGRESS_INTERVAL_US 100000

void
dt_mnist_fetcher_emit_progress (DtMnistFetcher *self,
                                gboolean        now)
{
  gint64 t = g_get_monotonic_time ();

  if (!now && t - self->last_emit < PROGRESS_INTERVAL_US)
    return;
  self->last_emit = t;
  g_signal_emit_by_name (self, "progress");
}

void
dt_mnist_fetcher_set_phase (DtMnistFetcher *self,
                            DtFetchPhase    phase,
                            const char     *source,
                            const char     *file)
{
  /* source and file may be the current ones: copy before freeing */
  char *new_source = g_strdup (source);
  char *new_file = g_strdup (file);

  g_free (self->progress_source);
  self->progress_source = new_source;
  g_free (self->progress_file);
  self->progress_file = new_file;
  self->progress.phase = phase;
  self->progress.source = self->progress_source;
  self->progress.file = self->progress_file;
  self->progress.archive = FALSE;
  self->progress.bytes = 0;
  self->progress.total = -1;
  dt_mnist_fetcher_emit_progress (self, TRUE);
}

/* The files verified so far, and the run's fraction: the sizes of the verified files, plus
 * the share of the files being downloaded (one file from a mirror, every missing one from
 * the tarball) that arrived. */
void
dt_mnist_fetcher_update_fraction (DtMnistFetcher *self,
                                  DtFetchRun     *run)
{
  goffset all = 0, done = 0, pending = 0;
  double share;

  self->progress.n_done = 0;
  for (guint i = 0; i < self->files->len; i++)
    {
      goffset size = dt_mnist_fetcher_file (self, i)->size;

      if (run->present[i])
        continue;
      all += size;
      self->progress.n_done += run->ready[i];
      if (run->ready[i])
        done += size;
      else if (run->tarball_tried || i == run->file)
        pending += size;
    }
  share = self->progress.total > 0 ? (double) self->progress.bytes / self->progress.total : 0;
  self->progress.fraction = all > 0 ? (done + pending * CLAMP (share, 0.0, 1.0)) / all : 1.0;
}

void
dt_mnist_fetcher_received_cb (goffset  bytes,
                              goffset  total,
                              gpointer user_data)
{
  GTask *task = user_data;
  DtMnistFetcher *self = g_task_get_source_object (task);

  self->progress.bytes_all += bytes - self->progress.bytes;
  self->progress.bytes = bytes;
  self->progress.total = total;
  if (self->progress.phase != DT_FETCH_PHASE_DOWNLOADING)
    {
      self->progress.phase = DT_FETCH_PHASE_DOWNLOADING;
      dt_mnist_fetcher_update_fraction (self, g_task_get_task_data (task));
      dt_mnist_fetcher_emit_progress (self, TRUE);
      return;
    }
  dt_mnist_fetcher_update_fraction (self, g_task_get_task_data (task));
  dt_mnist_fetcher_emit_progress (self, bytes == total);
}

