/* SPDX-License-Identifier: GPL-3.0-or-later */
/* dt-mnist-download.h — the "Download MNIST" button, its progress and its failure report
 *
 * Sits on the window's "No MNIST Data Found" page.  Download fetches the four files into the
 * destination folder (default: nn_data_default_dir()) with a DtMnistFetcher and shows which
 * file, how many bytes and from which source; Cancel stops it and leaves nothing behind.
 * On failure it lists every source tried and why (offline, proxy, checksum …) and gives
 * the terminal command as the fallback.  While it runs it holds the application, so that
 * closing the window cancels and cleans up before the process ends.
 *
 * Signal "finished": the four files are in the destination, verified; the owner loads them.
 * Actions: download.start, download.cancel.
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define DT_TYPE_MNIST_DOWNLOAD (dt_mnist_download_get_type ())
G_DECLARE_FINAL_TYPE (DtMnistDownload, dt_mnist_download, DT, MNIST_DOWNLOAD, GtkWidget)

GtkWidget  *dt_mnist_download_new             (void);
void        dt_mnist_download_set_destination (DtMnistDownload *self,
                                               const char      *dir);
const char *dt_mnist_download_get_destination (DtMnistDownload *self);
gboolean    dt_mnist_download_get_running     (DtMnistDownload *self);
/* The line under the button ("Download cancelled …", "The download failed", …), and the
 * progress line while it runs; "" when there is none. */
const char *dt_mnist_download_get_status      (DtMnistDownload *self);
const char *dt_mnist_download_get_progress_text (DtMnistDownload *self);
/* The failure report: the sources tried and why; "" unless the last run failed. */
const char *dt_mnist_download_get_report      (DtMnistDownload *self);

G_END_DECLS
