/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "dt-test-util.h"

#include <glib/gstdio.h>

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
  g_autoptr(GZlibCompressor) comp = g_zlib_compressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP, 6);
  g_autoptr(GOutputStream) mem = g_memory_output_stream_new_resizable ();
  g_autoptr(GOutputStream) zout = g_converter_output_stream_new (mem, G_CONVERTER (comp));
  gsize written;

  g_output_stream_write_all (zout, data, len, &written, NULL, &error);
  g_assert_no_error (error);
  g_output_stream_close (zout, NULL, &error);
  g_assert_no_error (error);
  return g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (mem));
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
      if (*p == '-')
        p++;
      if (!g_ascii_isdigit (*p))
        return NULL;
      if (*p == '0' && g_ascii_isdigit (p[1]))
        return NULL;
      while (g_ascii_isdigit (*p))
        p++;
      if (*p == '.')
        {
          p++;
          if (!g_ascii_isdigit (*p))
            return NULL;
          while (g_ascii_isdigit (*p))
            p++;
        }
      if (*p == 'e' || *p == 'E')
        {
          p++;
          if (*p == '+' || *p == '-')
            p++;
          if (!g_ascii_isdigit (*p))
            return NULL;
          while (g_ascii_isdigit (*p))
            p++;
        }
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
