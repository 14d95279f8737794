/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* A loopback HTTP server (tests/loopback-server.py: Python's http.server on 127.0.0.1)
 * serving a folder; paths under /slow/ are served at rate bytes per second. */
typedef struct _DtTestServer DtTestServer;

/* Starts the server on a port the system picks; fails the test when it does not start. */
DtTestServer *dt_test_server_start     (const char   *dir,
                                        guint         rate);
/* "http://127.0.0.1:PORT" (no slash at the end) */
const char   *dt_test_server_get_base  (DtTestServer *server);
/* How many GET requests it has logged for paths containing needle (NULL: all). */
guint         dt_test_server_count     (DtTestServer *server,
                                        const char   *needle);
/* Stops the server and frees it. */
void          dt_test_server_stop      (DtTestServer *server);

/* Writes data as the content of path, gzip'd. */
void          dt_test_write_gzip       (const char   *path,
                                        const guint8 *data,
                                        gsize         len);
/* Packs dir/package (an npm package's layout) into tarball as tar.gz, with the system's
 * tar, as npm pack does. */
void          dt_test_make_tarball     (const char   *dir,
                                        const char   *tarball);

G_END_DECLS
