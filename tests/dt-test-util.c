/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "dt-test-util.h"

#include <glib/gstdio.h>

#define GZIP_LEVEL 6   /* zlib's default, as nn_idx_save uses */

gboolean
dt_test_rm_rf (const char *path)
{
  if (g_file_test (path, G_FILE_TEST_IS_DIR) && !g_file_test (path, G_FILE_TEST_IS_SYMLINK))
    {
      g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
      const char *name;

      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);
          if (!dt_test_rm_rf (child))
            return FALSE;
        }
      return g_rmdir (path) == 0;
    }
  return g_unlink (path) == 0;
}

char *
dt_test_make_tmp_root (const char *tmpl)
{
  g_autoptr(GError) error = NULL;
  char *root = g_dir_make_tmp (tmpl, &error);

  g_assert_no_error (error);
  return root;
}

int
dt_test_run_and_remove (const char *root)
{
  int status = g_test_run ();

  if (!dt_test_rm_rf (root))
    status = 1;
  return status;
}

char *
dt_test_make_dir (const char *dir,
                  const char *name)
{
  char *path = g_build_filename (dir, name, NULL);

  g_assert_cmpint (g_mkdir_with_parents (path, 0700), ==, 0);
  return path;
}

char *
dt_test_write_file (const char   *dir,
                    const char   *name,
                    const guint8 *data,
                    gsize         len)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (dir, name, NULL);

  g_file_set_contents (path, (const char *) data, len, &error);
  g_assert_no_error (error);
  return path;
}

GBytes *
dt_test_gzip (const guint8 *data,
              gsize         len)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GZlibCompressor) comp =
    g_zlib_compressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP, GZIP_LEVEL);
  g_autoptr(GOutputStream) mem = g_memory_output_stream_new_resizable ();
  g_autoptr(GOutputStream) zout = g_converter_output_stream_new (mem, G_CONVERTER (comp));
  gsize written;

  g_output_stream_write_all (zout, data, len, &written, NULL, &error);
  g_assert_no_error (error);
  g_output_stream_close (zout, NULL, &error);
  g_assert_no_error (error);
  return g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (mem));
}

static const char *
skip_digits (const char *p)
{
  while (g_ascii_isdigit (*p))
    p++;
  return p;
}

/* The end of the RFC 8259 number at p, or NULL when there is none. */
static const char *
scan_number (const char *p)
{
  if (*p == '-')
    p++;
  if (!g_ascii_isdigit (*p) || (*p == '0' && g_ascii_isdigit (p[1])))
    return NULL;
  p = skip_digits (p);
  if (*p == '.')
    {
      p++;
      if (!g_ascii_isdigit (*p))
        return NULL;
      p = skip_digits (p);
    }
  if (*p == 'e' || *p == 'E')
    {
      p++;
      if (*p == '+' || *p == '-')
        p++;
      if (!g_ascii_isdigit (*p))
        return NULL;
      p = skip_digits (p);
    }
  return p;
}

GHashTable *
dt_test_parse_flat_json (const char *line)
{
  g_autoptr(GHashTable) obj = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  const char *p = line;

#define SKIP_WS() while (*p == ' ' || *p == '\t') p++
  SKIP_WS ();
  if (*p++ != '{')
    return NULL;
  SKIP_WS ();
  if (*p == '}')
    {
      p++;
      SKIP_WS ();
      return *p == '\0' ? g_steal_pointer (&obj) : NULL;
    }
  for (;;)
    {
      const char *key_start, *num_start;
      g_autofree char *key = NULL;
      char *end;
      double v;

      SKIP_WS ();
      if (*p++ != '"')
        return NULL;
      key_start = p;
      while (*p != '"' && *p != '\0' && *p != '\\' && (guchar) *p >= 0x20)
        p++;
      if (*p != '"')
        return NULL;
      key = g_strndup (key_start, p - key_start);
      p++;
      SKIP_WS ();
      if (*p++ != ':')
        return NULL;
      SKIP_WS ();
      num_start = p;
      p = scan_number (p);
      if (p == NULL)
        return NULL;
      v = g_ascii_strtod (num_start, &end);
      if (end != p || g_hash_table_contains (obj, key))
        return NULL;
      g_hash_table_insert (obj, g_steal_pointer (&key), g_memdup2 (&v, sizeof v));
      SKIP_WS ();
      if (*p == ',')
        {
          p++;
          continue;
        }
      if (*p++ != '}')
        return NULL;
      SKIP_WS ();
      return *p == '\0' ? g_steal_pointer (&obj) : NULL;
    }
#undef SKIP_WS
}

void
dt_test_run_clear (DtTestRun *run)
{
  g_clear_pointer (&run->out, g_free);
  g_clear_pointer (&run->err, g_free);
}

void
dt_test_run_cli_valist (DtTestRun  *run,
                        const char *cli,
                        const char *xdg_data_home,
                        va_list     args)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) proc = NULL;
  const char *arg;

  g_ptr_array_add (argv, (gpointer) cli);
  while ((arg = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (argv, (gpointer) arg);
  g_ptr_array_add (argv, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);
  if (xdg_data_home != NULL)
    {
      g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", xdg_data_home, TRUE);
      g_subprocess_launcher_unsetenv (launcher, "MNIST_DIR");
    }
  g_subprocess_launcher_setenv (launcher, "LC_ALL", "C.UTF-8", TRUE);
  proc = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (proc, NULL, NULL, &run->out, &run->err, &error);
  g_assert_no_error (error);
  run->status = g_subprocess_get_if_exited (proc) ? g_subprocess_get_exit_status (proc) : -1;
  g_test_message ("exit %d\nstdout:\n%s\nstderr:\n%s", run->status, run->out, run->err);
}
