/* SPDX-License-Identifier: GPL-3.0-or-later */
/* dt-mnist-fetcher-private.h — DtMnistFetcher's insides, shared by dt-mnist-fetcher.c (the
 * main-context state machine) and dt-mnist-fetcher-threads.c (the blocking steps) */
#pragma once

#include "dt-mnist-fetcher.h"

#include <libsoup/soup.h>

G_BEGIN_DECLS

struct _DtMnistFetcher
{
  GObject          parent_instance;

  char            *dest_dir;
  GStrv            mirrors;
  char            *tarball_url;
  GArray          *files;            /* DtMnistFile, strings owned */
  SoupSession     *session;
  GPtrArray       *attempts;         /* DtFetchAttempt */
  gboolean         running;

  DtFetchProgress  progress;         /* its strings point at the two below */
  char            *progress_source;
  char            *progress_file;
  gint64           last_emit;
};

/* One run, the task data of the run's GTask. */
typedef struct
{
  guint      n_files;
  char      *work_dir;           /* ".download-XXXXXX" inside the destination */
  char      *created_top;        /* the outermost folder this run created, or NULL */
  gboolean  *present;            /* verified in the destination before the run */
  gboolean  *ready;              /* verified: present, or waiting in work_dir */
  GError   **tar_errors;         /* why the tarball could not give file i */
  gboolean  *dead;               /* mirrors that could not be reached */
  guint      file;               /* the file being asked of the mirrors … */
  guint      mirror;             /* … and the mirror being asked */
  gboolean   tarball_tried;
  char      *download_path;
  GError    *failure;            /* returned once the work folder is gone */
} DtFetchRun;

static inline const DtMnistFile *
dt_mnist_fetcher_file (DtMnistFetcher *self,
                       guint           i)
{
  return &g_array_index (self->files, DtMnistFile, i);
}

void dt_mnist_fetcher_run_free (gpointer data);

/* dt-mnist-fetcher-progress.c */
/* Emits "progress" when now, or when the last one is 100 ms old. */
void dt_mnist_fetcher_emit_progress   (DtMnistFetcher *self,
                                       gboolean        now);
/* A new phase, source and file (copied; either may be the current one): emits at once. */
void dt_mnist_fetcher_set_phase       (DtMnistFetcher *self,
                                       DtFetchPhase    phase,
                                       const char     *source,
                                       const char     *file);
/* The files verified so far and the run's fraction, from run and the bytes received. */
void dt_mnist_fetcher_update_fraction (DtMnistFetcher *self,
                                       DtFetchRun     *run);
/* DtFetchReceived for the run's downloads; user_data is the run's task. */
void dt_mnist_fetcher_received_cb     (goffset         bytes,
                                       goffset         total,
                                       gpointer        user_data);

/* GTask thread functions; task_data is the DtFetchRun, the source object the fetcher. */
void dt_mnist_fetcher_prepare_thread (GTask        *sub,
                                      gpointer      source,
                                      gpointer      task_data,
                                      GCancellable *cancellable);
void dt_mnist_fetcher_gunzip_thread  (GTask        *sub,
                                      gpointer      source,
                                      gpointer      task_data,
                                      GCancellable *cancellable);
void dt_mnist_fetcher_extract_thread (GTask        *sub,
                                      gpointer      source,
                                      gpointer      task_data,
                                      GCancellable *cancellable);
void dt_mnist_fetcher_install_thread (GTask        *sub,
                                      gpointer      source,
                                      gpointer      task_data,
                                      GCancellable *cancellable);
void dt_mnist_fetcher_cleanup_thread (GTask        *sub,
                                      gpointer      source,
                                      gpointer      task_data,
                                      GCancellable *cancellable);

G_END_DECLS
