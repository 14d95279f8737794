/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "dt-test-server.h"

#include <stdio.h>
#include <string.h>

#include "dt-test-util.h"

struct _DtTestServer
{
  GSubprocess *process;
  char        *log_path;
  char        *base;
};

DtTestServer *
dt_test_server_start (const char *dir,
                      guint       rate)
{
  g_autoptr(GSubprocessLauncher) launcher =
    g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_autoptr(GError) error = NULL;
  g_autofree char *script = g_test_build_filename (G_TEST_DIST, "loopback-server.py", NULL);
  g_autofree char *rate_arg = g_strdup_printf ("%u", rate);
  g_autoptr(GDataInputStream) out = NULL;
  g_autofree char *line = NULL;
  g_autofree char *parent = g_path_get_dirname (dir);
  DtTestServer *server = g_new0 (DtTestServer, 1);
  guint port = 0;

  /* the log sits beside the served folder, where no request can fetch it */
  server->log_path = g_build_filename (parent, "server.log", NULL);
  g_subprocess_launcher_set_stderr_file_path (launcher, server->log_path);
  server->process = g_subprocess_launcher_spawn (launcher, &error, "python3", "-u", script, dir,
                                                 "--rate", rate_arg, NULL);
  g_assert_no_error (error);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (server->process));
  line = g_data_input_stream_read_line (out, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (line);
  g_assert_cmpint (sscanf (line, "port %u", &port), ==, 1);
  server->base = g_strdup_printf ("http://127.0.0.1:%u", port);
  return server;
}

const char *
dt_test_server_get_base (DtTestServer *server)
{
  return server->base;
}

guint
dt_test_server_count (DtTestServer *server,
                      const char   *needle)
{
  g_autofree char *log = NULL;
  g_auto(GStrv) lines = NULL;
  guint n = 0;

  if (!g_file_get_contents (server->log_path, &log, NULL, NULL))
    return 0;
  lines = g_strsplit (log, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    if (strstr (lines[i], "\"GET ") != NULL && (needle == NULL || strstr (lines[i], needle)))
      n++;
  return n;
}

void
dt_test_server_stop (DtTestServer *server)
{
  g_subprocess_force_exit (server->process);
  g_subprocess_wait (server->process, NULL, NULL);
  g_object_unref (server->process);
  g_free (server->log_path);
  g_free (server->base);
  g_free (server);
}

void
dt_test_write_gzip (const char   *path,
                    const guint8 *data,
                    gsize         len)
{
  g_autoptr(GBytes) gz = dt_test_gzip (data, len);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, g_bytes_get_data (gz, NULL), g_bytes_get_size (gz), &error);
  g_assert_no_error (error);
}

void
dt_test_make_tarball (const char *dir,
                      const char *tarball)
{
  g_autoptr(GError) error = NULL;
  int status = -1;
  const char *argv[] = { "tar", "-C", dir, "-czf", tarball, "package", NULL };

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL,
                &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
}
