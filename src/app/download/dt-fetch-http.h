/* SPDX-License-Identifier: GPL-3.0-or-later */
/* dt-fetch-http.h — one HTTP(S) download into a file, with libsoup 3 and GIO async
 *
 * Runs on the caller's thread-default main context.  The body is written as it arrives
 * (no Content-Encoding decoding: the bytes on disk are the bytes the server sent), and a
 * body longer than the limit is cut off and refused.  Whatever the outcome other than
 * success, the partial file is removed.
 */
#pragma once

#include <gio/gio.h>
#include <libsoup/soup.h>

G_BEGIN_DECLS

/* Called on the main context after each chunk is on disk: bytes so far, and the length
 * the server announced (-1 when it did not). */
typedef void (*DtFetchReceived) (goffset  bytes,
                                 goffset  total,
                                 gpointer user_data);

/* A session for downloads: no content decoding, a user agent, a 30 s I/O timeout. */
SoupSession *dt_fetch_session_new     (void);

/* Downloads url into path (which must not exist). */
void         dt_fetch_download_async  (SoupSession          *session,
                                       const char           *url,
                                       const char           *path,
                                       goffset               limit,
                                       GCancellable         *cancellable,
                                       DtFetchReceived       received,
                                       gpointer              received_data,
                                       GAsyncReadyCallback   callback,
                                       gpointer              user_data);
/* TRUE when the whole body is in path.  Otherwise FALSE with either *refused (the source
 * failed: unreachable, an HTTP error status, too long — another source may do) or *error
 * (a local failure writing the file, or G_IO_ERROR_CANCELLED: stop). */
gboolean     dt_fetch_download_finish (GAsyncResult         *result,
                                       GError              **refused,
                                       GError              **error);

G_END_DECLS
