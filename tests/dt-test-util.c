/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "dt-test-util.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <zlib.h>

#define GZIP_LEVEL 6   /* zlib's default, as nn_idx_save uses */
#define SHA256_LEN 32

void
dt_test_init_with_args (int          *argc,
                        char       ***argv,
                        int           n_args,
                        const char   *usage)
{
  g_test_init (argc, argv, NULL);
  if (*argc < n_args + 1)
    {
      g_printerr ("usage: %s [GTest options] %s\n", (*argv)[0], usage);
      exit (1);
    }
}

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

void
dt_test_assert_contains (const char *haystack,
                         const char *needle)
{
  if (strstr (haystack, needle) == NULL)
    g_error ("expected “%s” in: %s", needle, haystack);
}

GBytes *
dt_test_read_file (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;
  gsize len;

  g_file_get_contents (path, &contents, &len, &error);
  g_assert_no_error (error);
  return g_bytes_new_take (contents, len);
}

void
dt_test_assert_file_is (const char *path,
                        GBytes     *expected)
{
  g_autoptr(GBytes) now = dt_test_read_file (path);

  if (!g_bytes_equal (now, expected))
    g_error ("%s changed: %zu bytes, expected %zu", path, g_bytes_get_size (now),
             g_bytes_get_size (expected));
}

guint
dt_test_count_temporaries (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;
  guint n = 0;

  g_assert_nonnull (d);
  while ((name = g_dir_read_name (d)) != NULL)
    if (name[0] == '.' && strstr (name, ".dt-tmp-") != NULL)
      n++;
  return n;
}

static void
put_png_chunk (GByteArray   *png,
               const char   *type,
               const guint8 *data,
               gsize         len)
{
  guint32 be_len = GUINT32_TO_BE ((guint32) len);
  guint32 crc = crc32 (0, (const Bytef *) type, 4);
  guint32 be_crc;

  crc = len > 0 ? crc32 (crc, data, (uInt) len) : crc;
  be_crc = GUINT32_TO_BE (crc);
  g_byte_array_append (png, (const guint8 *) &be_len, 4);
  g_byte_array_append (png, (const guint8 *) type, 4);
  if (len > 0)
    g_byte_array_append (png, data, (guint) len);
  g_byte_array_append (png, (const guint8 *) &be_crc, 4);
}

/* zlib data of `rows` rows of row_len zero bytes (filter byte included) */
static GByteArray *
deflate_zero_rows (gsize rows,
                   gsize row_len)
{
  GByteArray *out = g_byte_array_new ();
  g_autofree guint8 *zeros = g_malloc0 (row_len);
  guint8 chunk[1 << 16];
  z_stream z = { 0 };

  g_assert_cmpint (deflateInit (&z, Z_BEST_COMPRESSION), ==, Z_OK);
  for (gsize r = 0; r <= rows; r++)
    {
      int flush = r == rows ? Z_FINISH : Z_NO_FLUSH;
      int ret;

      z.next_in = zeros;
      z.avail_in = r == rows ? 0 : (uInt) row_len;
      do
        {
          z.next_out = chunk;
          z.avail_out = sizeof chunk;
          ret = deflate (&z, flush);
          g_assert_cmpint (ret, !=, Z_STREAM_ERROR);
          g_byte_array_append (out, chunk, (guint) (sizeof chunk - z.avail_out));
        }
      while (z.avail_out == 0);
    }
  deflateEnd (&z);
  return out;
}

GBytes *
dt_test_png_bomb (guint32 width,
                  guint32 height)
{
  static const guint8 signature[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
  GByteArray *png = g_byte_array_new ();
  g_autoptr(GByteArray) idat = deflate_zero_rows (height, 1 + (width + 7) / 8);
  guint8 ihdr[13] = { 0 };
  guint32 be;

  be = GUINT32_TO_BE (width);
  memcpy (ihdr, &be, 4);
  be = GUINT32_TO_BE (height);
  memcpy (ihdr + 4, &be, 4);
  ihdr[8] = 1;   /* bit depth 1, colour type 0 (grey), deflate, no filter, no interlace */
  g_byte_array_append (png, signature, sizeof signature);
  put_png_chunk (png, "IHDR", ihdr, sizeof ihdr);
  put_png_chunk (png, "IDAT", idat->data, idat->len);
  put_png_chunk (png, "IEND", NULL, 0);
  return g_byte_array_free_to_bytes (png);
}

void
dt_test_reseal_sha256 (guint8 *data,
                       gsize   len)
{
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  gsize dlen = SHA256_LEN;

  g_assert_cmpuint (len, >=, SHA256_LEN);
  g_checksum_update (sum, data, len - SHA256_LEN);
  g_checksum_get_digest (sum, data + len - SHA256_LEN, &dlen);
}

JsonObject *
dt_test_parse_json_line (const char *line)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *again = NULL;
  JsonNode *root;

  if (!json_parser_load_from_data (parser, line, -1, &error))
    {
      g_test_message ("not JSON (%s): %s", error->message, line);
      return NULL;
    }
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_test_message ("not a JSON object: %s", line);
      return NULL;
    }
  /* json-glib's reader forgives what RFC 8259 does not ("01", "1.", comments, repeated
   * keys); written again, such a line comes out different */
  json_generator_set_root (generator, root);
  again = json_generator_to_data (generator, NULL);
  if (g_strcmp0 (again, line) != 0)
    {
      g_test_message ("not what json-glib writes: %s (expected %s)", line, again);
      return NULL;
    }
  return json_object_ref (json_node_get_object (root));
}

double
dt_test_json_number (JsonObject *object,
                     const char *key)
{
  JsonNode *node = json_object_get_member (object, key);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      (json_node_get_value_type (node) != G_TYPE_INT64 &&
       json_node_get_value_type (node) != G_TYPE_DOUBLE))
    g_error ("JSON key “%s” is missing or not a number", key);
  return json_node_get_double (node);
}

void
dt_test_run_clear (DtTestRun *run)
{
  g_clear_pointer (&run->out, g_free);
  g_clear_pointer (&run->err, g_free);
}

/* No address space above the limit: what `ulimit -v` does in a shell. */
static void
limit_address_space_cb (gpointer user_data)
{
  const guint64 *bytes = user_data;
  struct rlimit rl = { (rlim_t) *bytes, (rlim_t) *bytes };

  setrlimit (RLIMIT_AS, &rl);
}

static void
communicated_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static gboolean
timeout_cb (gpointer user_data)
{
  gboolean *timed_out = user_data;

  *timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

/* Waits for proc's output; after timeout_s seconds kills it and says so. */
static void
communicate_with_timeout (GSubprocess *proc,
                          int          timeout_s,
                          DtTestRun   *run)
{
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GSource) timeout = g_timeout_source_new_seconds (timeout_s > 0 ? timeout_s : 60);
  g_autoptr(GError) error = NULL;

  g_main_context_push_thread_default (context);
  g_source_set_callback (timeout, timeout_cb, &run->timed_out, NULL);
  g_source_attach (timeout, context);
  g_subprocess_communicate_utf8_async (proc, NULL, NULL, communicated_cb, &result);
  while (result == NULL && !run->timed_out)
    g_main_context_iteration (context, TRUE);
  if (result == NULL)
    {
      /* a hung child (a FIFO that never opens): end it, then collect what it printed */
      g_subprocess_force_exit (proc);
      while (result == NULL)
        g_main_context_iteration (context, TRUE);
    }
  g_source_destroy (timeout);
  g_subprocess_communicate_utf8_finish (proc, result, &run->out, &run->err, &error);
  g_main_context_pop_thread_default (context);
  g_assert_no_error (error);
  g_subprocess_wait (proc, NULL, &error);
  g_assert_no_error (error);
}

void
dt_test_run_cli_full (DtTestRun              *run,
                      const char             *cli,
                      const DtTestCliOptions *options,
                      const char * const     *argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) proc = NULL;

  g_ptr_array_add (args, (gpointer) cli);
  for (const char * const *a = argv; *a != NULL; a++)
    g_ptr_array_add (args, (gpointer) *a);
  g_ptr_array_add (args, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);
  if (options->xdg_data_home != NULL)
    {
      g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", options->xdg_data_home, TRUE);
      g_subprocess_launcher_unsetenv (launcher, "MNIST_DIR");
    }
  g_subprocess_launcher_setenv (launcher, "LC_ALL",
                                options->locale != NULL ? options->locale : "C.UTF-8", TRUE);
  for (const char * const *e = options->env; e != NULL && *e != NULL; e++)
    {
      g_auto(GStrv) name_value = g_strsplit (*e, "=", 2);

      g_assert_nonnull (name_value[1]);
      g_subprocess_launcher_setenv (launcher, name_value[0], name_value[1], TRUE);
    }
  if (options->address_space > 0)
    g_subprocess_launcher_set_child_setup (launcher, limit_address_space_cb,
                                           (gpointer) &options->address_space, NULL);
  proc = g_subprocess_launcher_spawnv (launcher, (const char * const *) args->pdata, &error);
  g_assert_no_error (error);
  *run = (DtTestRun) { 0 };
  communicate_with_timeout (proc, options->timeout_s, run);
  run->status = g_subprocess_get_if_exited (proc) ? g_subprocess_get_exit_status (proc) : -1;
  run->signal = g_subprocess_get_if_signaled (proc) ? g_subprocess_get_term_sig (proc) : 0;
  g_test_message ("exit %d (signal %d%s)\nstdout:\n%s\nstderr:\n%s", run->status, run->signal,
                  run->timed_out ? ", timed out" : "", run->out, run->err);
}

void
dt_test_run_cli_valist (DtTestRun  *run,
                        const char *cli,
                        const char *xdg_data_home,
                        va_list     args)
{
  DtTestCliOptions options = { .xdg_data_home = xdg_data_home };
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  const char *arg;

  while ((arg = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (argv, (gpointer) arg);
  g_ptr_array_add (argv, NULL);
  dt_test_run_cli_full (run, cli, &options, (const char * const *) argv->pdata);
}

void
dt_test_run_cli (DtTestRun  *run,
                 const char *cli,
                 const char *xdg_data_home,
                 ...)
{
  va_list ap;

  va_start (ap, xdg_data_home);
  dt_test_run_cli_valist (run, cli, xdg_data_home, ap);
  va_end (ap);
}

gboolean
dt_test_require (gboolean    available,
                 const char *why)
{
  if (available)
    return TRUE;
  if (g_getenv ("CI") != NULL)
    {
      g_test_message ("%s: in CI that is a set-up bug, not a reason to skip", why);
      g_test_fail ();
    }
  else
    g_test_skip (why);
  return FALSE;
}

gboolean
dt_test_require_locale (const char *locale)
{
  g_autofree char *saved = g_strdup (setlocale (LC_ALL, NULL));
  gboolean available = setlocale (LC_ALL, locale) != NULL;
  g_autofree char *why = g_strdup_printf ("the %s locale is not generated (as root, "
                                          "build-aux/setup.sh test generates it)", locale);

  setlocale (LC_ALL, saved);
  return dt_test_require (available, why);
}
