/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The fault suite, file-system half: digit-trainer-cli --save on a full file system, into a
 * read-only folder and under a missing one, killed with -9 inside the save, and stopped by
 * SIGINT / SIGTERM mid-run.  Each case checks the message, the exit status and that no
 * file was lost: the --save target holds the old model or the new one, never a part, and
 * no temporary is left once the next save has run.
 *
 * The full file system is a small tmpfs, mounted in a mount namespace of this process's
 * own (it vanishes with the process); that needs root.  Without it the case says so and
 * skips — except in CI ($CI set), which runs as root: there it fails. */
#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <sched.h>
#include <signal.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include "dt-test-data.h"
#include "dt-test-util.h"
#include "nn-dataset.h"
#include "nn-model-file.h"

#define TMPFS_SIZE "512k"   /* room for two lesson models (199 KB each) and little more */

static const char *cli_path;
static const char *fault_inject;   /* the LD_PRELOAD library (fault-inject.c) */
static char *tmp_root;
static char *data_dir;             /* 100 training images: a run takes a blink */
static gboolean can_mount;         /* root, in a mount namespace of our own */

/* Runs the CLI training one epoch on the tiny set, with extra arguments (NULL-terminated);
 * with preload_kill ("write", "fsync", "rename"), killed -9 at that moment of its save. */
static void
run_cli (DtTestRun  *r,
         const char *preload_kill,
         ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autofree char *xdg = g_build_filename (tmp_root, "xdg", NULL);
  g_autofree char *preload = g_strconcat ("LD_PRELOAD=", fault_inject, NULL);
  g_autofree char *kill_at = g_strconcat ("DT_FAULT_KILL=", preload_kill, NULL);
  const char *env[] = { preload, kill_at, NULL };
  DtTestCliOptions options = { .xdg_data_home = xdg,
                               .env = preload_kill != NULL ? env : NULL };
  const char *arg;
  va_list ap;

  g_ptr_array_add (argv, (gpointer) "--data-dir");
  g_ptr_array_add (argv, data_dir);
  g_ptr_array_add (argv, (gpointer) "--epochs");
  g_ptr_array_add (argv, (gpointer) "1");
  va_start (ap, preload_kill);
  while ((arg = va_arg (ap, const char *)) != NULL)
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (ap);
  g_ptr_array_add (argv, NULL);
  dt_test_run_cli_full (r, cli_path, &options, (const char * const *) argv->pdata);
}

/* An old model at path (an untrained 784→32→10 network of seed 99), returned as bytes. */
static GBytes *
write_old_model (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(NnTrainer) t = NULL;
  NnConfig config;

  nn_config_init_defaults (&config);
  config.seed = 99;
  t = nn_trainer_new (&config, NN_IMAGE_PIXELS, NN_DATASET_CLASSES, &error);
  g_assert_no_error (error);
  g_assert_true (nn_model_save (t, path, &error));
  return dt_test_read_file (path);
}

/* The model a clean run saves (the runs are deterministic): what a finished save holds. */
static GBytes *
expected_new_model (void)
{
  g_autofree char *dir = dt_test_make_dir (tmp_root, "reference");
  g_autofree char *path = g_build_filename (dir, "new.dtmodel", NULL);
  g_auto(DtTestRun) r = { 0 };

  run_cli (&r, NULL, "--save", path, NULL);
  g_assert_cmpint (r.status, ==, 0);
  return dt_test_read_file (path);
}

/* A folder for one case; a tmpfs of TMPFS_SIZE (read-only once filled when read_only) when
 * we can mount, else a plain folder. */
static char *
case_dir (const char *name,
          gboolean    tmpfs)
{
  char *dir = dt_test_make_dir (tmp_root, name);

  if (tmpfs)
    g_assert_cmpint (mount ("dt-faults", dir, "tmpfs", MS_NOSUID | MS_NODEV,
                            "size=" TMPFS_SIZE ",mode=0700"), ==, 0);
  return dir;
}

/* FALSE (and the case skipped, or failed in CI) when mounting is not possible here. */
static gboolean
require_mount (void)
{
  if (can_mount)
    return TRUE;
  if (g_getenv ("CI") != NULL)
    {
      g_test_message ("CI runs as root: mounting a tmpfs must work there");
      g_test_fail ();
    }
  else
    g_test_skip ("mounting a small tmpfs needs root (run as root, as CI does)");
  return FALSE;
}

/* ---- a full file system -------------------------------------------------------------- */

static void
test_full_disk (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *target = NULL;
  g_autofree char *filler = NULL;
  g_autoptr(GBytes) old = NULL;
  g_autoptr(GBytes) expected = NULL;
  g_autofree guint8 *junk = NULL;
  g_auto(DtTestRun) full = { 0 };
  g_auto(DtTestRun) after = { 0 };
  struct statvfs vfs;
  gsize free_bytes;

  if (!require_mount ())
    return;
  expected = expected_new_model ();
  dir = case_dir ("full", TRUE);
  target = g_build_filename (dir, "lesson.dtmodel", NULL);
  old = write_old_model (target);
  /* leave 20 KB: the new model's 199 KB cannot fit beside the old one */
  g_assert_cmpint (statvfs (dir, &vfs), ==, 0);
  free_bytes = (gsize) vfs.f_bavail * vfs.f_frsize;
  g_assert_cmpuint (free_bytes, >, 20 << 10);
  junk = g_malloc0 (free_bytes - (20 << 10));
  filler = dt_test_write_file (dir, "filler", junk, free_bytes - (20 << 10));

  run_cli (&full, NULL, "--save", target, NULL);
  g_assert_cmpint (full.status, ==, 1);
  dt_test_assert_contains (full.err, target);
  dt_test_assert_contains (full.err, "No space left on device");
  dt_test_assert_file_is (target, old);
  g_assert_cmpuint (dt_test_count_temporaries (dir), ==, 0);

  /* room again: the save goes through */
  g_assert_cmpint (g_unlink (filler), ==, 0);
  run_cli (&after, NULL, "--save", target, NULL);
  g_assert_cmpint (after.status, ==, 0);
  dt_test_assert_file_is (target, expected);
  g_assert_cmpuint (dt_test_count_temporaries (dir), ==, 0);
  g_assert_cmpint (umount (dir), ==, 0);
}

/* ---- a read-only folder -------------------------------------------------------------- */

static void
test_read_only (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *target = NULL;
  g_autofree char *fresh = NULL;
  g_autoptr(GBytes) old = NULL;
  g_auto(DtTestRun) r = { 0 };
  g_auto(DtTestRun) r_new = { 0 };
  gboolean root = geteuid () == 0;

  /* root writes through permissions: a read-only mount it is */
  if (root && !require_mount ())
    return;
  dir = case_dir ("read-only", root);
  target = g_build_filename (dir, "lesson.dtmodel", NULL);
  fresh = g_build_filename (dir, "new.dtmodel", NULL);
  old = write_old_model (target);
  if (root)
    g_assert_cmpint (mount (NULL, dir, NULL, MS_REMOUNT | MS_RDONLY, NULL), ==, 0);
  else
    g_assert_cmpint (g_chmod (dir, 0555), ==, 0);

  run_cli (&r, NULL, "--save", target, NULL);
  g_assert_cmpint (r.status, ==, 1);
  dt_test_assert_contains (r.err, target);
  dt_test_assert_contains (r.err, root ? "Read-only file system" : "Permission denied");
  dt_test_assert_file_is (target, old);
  run_cli (&r_new, NULL, "--save", fresh, NULL);
  g_assert_cmpint (r_new.status, ==, 1);
  g_assert_false (g_file_test (fresh, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (dt_test_count_temporaries (dir), ==, 0);
  if (root)
    g_assert_cmpint (umount (dir), ==, 0);
  else
    g_assert_cmpint (g_chmod (dir, 0700), ==, 0);
}

/* ---- a missing folder ---------------------------------------------------------------- */

static void
test_missing_parent (void)
{
  g_autofree char *parent = g_build_filename (tmp_root, "no", "such", NULL);
  g_autofree char *target = g_build_filename (parent, "lesson.dtmodel", NULL);
  g_autofree char *message = g_strdup_printf ("the folder %s does not exist", parent);
  g_auto(DtTestRun) r = { 0 };

  run_cli (&r, NULL, "--save", target, NULL);
  g_assert_cmpint (r.status, ==, 1);
  dt_test_assert_contains (r.err, message);
  g_assert_false (g_file_test (parent, G_FILE_TEST_EXISTS));
}

/* ---- kill -9 during --save ----------------------------------------------------------- */

/* dir holds the model and nothing else: no temporary of any name survived the last save */
static void
assert_only_model (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  g_assert_nonnull (d);
  while ((name = g_dir_read_name (d)) != NULL)
    if (!g_str_equal (name, "lesson.dtmodel"))
      g_error ("%s was left in %s", name, dir);
}

/* At each moment of a save (halfway through the write, before fsync, before rename) a
 * kill -9 leaves the old model whole and, at most, a temporary of ours; the next save
 * replaces the model and deletes that temporary. */
static void
test_kill_during_save (void)
{
  static const char *const stages[] = { "write", "fsync", "rename" };
  g_autoptr(GBytes) expected = expected_new_model ();

  for (guint i = 0; i < G_N_ELEMENTS (stages); i++)
    {
      g_autofree char *name = g_strconcat ("kill-", stages[i], NULL);
      g_autofree char *dir = dt_test_make_dir (tmp_root, name);
      g_autofree char *target = g_build_filename (dir, "lesson.dtmodel", NULL);
      g_autoptr(GBytes) old = write_old_model (target);
      g_auto(DtTestRun) killed = { 0 };
      g_auto(DtTestRun) next = { 0 };

      run_cli (&killed, stages[i], "--save", target, NULL);
      g_assert_cmpint (killed.signal, ==, SIGKILL);
      dt_test_assert_file_is (target, old);
      g_assert_cmpuint (dt_test_count_temporaries (dir), ==, 1);

      run_cli (&next, NULL, "--save", target, NULL);
      g_assert_cmpint (next.status, ==, 0);
      dt_test_assert_file_is (target, expected);
      assert_only_model (dir);
    }
}

/* The same from outside, at moments spread over a whole run: whatever the moment, the
 * model is the old one or the new one, whole. */
static void
test_kill_anytime (void)
{
  g_autoptr(GBytes) expected = expected_new_model ();
  g_autofree char *dir = dt_test_make_dir (tmp_root, "kill-anytime");
  g_autofree char *target = g_build_filename (dir, "lesson.dtmodel", NULL);
  g_autoptr(GBytes) old = write_old_model (target);
  const char *argv[] = { cli_path, "--data-dir", data_dir, "--epochs", "1", "--quiet",
                         "--save", target, NULL };
  g_auto(DtTestRun) next = { 0 };
  guint in_save = 0, n_old = 0, n_new = 0;

  for (guint k = 0; k < 24; k++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GSubprocess) proc = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_SILENCE,
                                                       &error);
      g_autoptr(GBytes) now = NULL;
      guint before = dt_test_count_temporaries (dir);

      g_assert_no_error (error);
      g_usleep (k * 4000);   /* 0 to 92 ms: a run takes tens of milliseconds */
      g_subprocess_send_signal (proc, SIGKILL);
      g_subprocess_wait (proc, NULL, &error);
      g_assert_no_error (error);
      now = dt_test_read_file (target);
      g_assert_true (g_bytes_equal (now, old) || g_bytes_equal (now, expected));
      n_old += g_bytes_equal (now, old);
      n_new += g_bytes_equal (now, expected);
      in_save += dt_test_count_temporaries (dir) > before;
      if (g_bytes_equal (now, expected))
        break;
    }
  g_test_message ("%u kills left the old model, %u the new one; %u hit a save mid-way",
                  n_old, n_new, in_save);
  run_cli (&next, NULL, "--save", target, NULL);
  g_assert_cmpint (next.status, ==, 0);
  dt_test_assert_file_is (target, expected);
  assert_only_model (dir);
}

/* ---- SIGINT and SIGTERM mid-run ------------------------------------------------------ */

static void
check_signal (int         signum,
              const char *name,
              int         status)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *big = dt_test_make_dataset (3000, 40);
  g_autofree char *dir = dt_test_make_dir (tmp_root, name);
  g_autofree char *target = g_build_filename (dir, "lesson.dtmodel", NULL);
  g_autofree char *note = g_strdup_printf ("digit-trainer-cli: stopped by %s; %s was left as "
                                           "it was\n", name, target);
  g_autoptr(GBytes) old = write_old_model (target);
  const char *argv[] = { cli_path, "--data-dir", big, "--epochs", "1000", "--json",
                         "--save", target, NULL };
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  g_autofree char *rest = NULL;
  g_autofree char *err = NULL;
  g_auto(GStrv) lines = NULL;
  char first[4096];
  gssize got;

  proc = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                            G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
  g_assert_no_error (error);
  /* mid-run: epochs are being printed (they come once stdout's buffer fills) */
  got = g_input_stream_read (g_subprocess_get_stdout_pipe (proc), first, sizeof first, NULL,
                             &error);
  g_assert_no_error (error);
  g_assert_cmpint (got, >, 0);
  g_string_append_len (out, first, got);
  g_subprocess_send_signal (proc, signum);
  g_subprocess_communicate_utf8 (proc, NULL, NULL, &rest, &err, &error);
  g_assert_no_error (error);
  g_string_append (out, rest);
  g_assert_true (g_subprocess_get_if_exited (proc));
  g_test_message ("%s: exit %d, stderr: %s", name, g_subprocess_get_exit_status (proc), err);
  g_assert_cmpint (g_subprocess_get_exit_status (proc), ==, status);
  g_assert_cmpstr (err, ==, note);
  dt_test_assert_file_is (target, old);
  g_assert_cmpuint (dt_test_count_temporaries (dir), ==, 0);
  /* what was printed is whole lines of JSON, the last one too */
  lines = g_strsplit (out->str, "\n", -1);
  g_assert_cmpstr (lines[g_strv_length (lines) - 1], ==, "");
  g_assert_cmpuint (g_strv_length (lines), >, 1);
  for (guint i = 0; lines[i + 1] != NULL; i++)
    {
      g_autoptr(JsonObject) obj = dt_test_parse_json_line (lines[i]);

      g_assert_nonnull (obj);
    }
  dt_test_remove_dataset (big);
}

static void
test_sigint (void)
{
  check_signal (SIGINT, "SIGINT", 130);
}

static void
test_sigterm (void)
{
  check_signal (SIGTERM, "SIGTERM", 143);
}

/* ---- set-up -------------------------------------------------------------------------- */

/* Root can have mounts of its own that vanish with this process. */
static gboolean
enter_private_mounts (void)
{
  if (geteuid () != 0 || unshare (CLONE_NEWNS) != 0)
    return FALSE;
  /* nothing mounted here may show outside */
  return mount (NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) == 0;
}

int
main (int    argc,
      char **argv)
{
  int status;

  dt_test_init_with_args (&argc, &argv, 2, "CLI FAULT-INJECT-LIBRARY");
  cli_path = argv[1];
  fault_inject = argv[2];
  can_mount = enter_private_mounts ();
  tmp_root = dt_test_make_tmp_root ("dt-test-faults-XXXXXX");
  data_dir = dt_test_make_dataset (100, 40);
  g_test_add_func ("/faults/fs/full-disk", test_full_disk);
  g_test_add_func ("/faults/fs/read-only", test_read_only);
  g_test_add_func ("/faults/fs/missing-parent", test_missing_parent);
  g_test_add_func ("/faults/fs/kill-during-save", test_kill_during_save);
  g_test_add_func ("/faults/fs/kill-anytime", test_kill_anytime);
  g_test_add_func ("/faults/fs/sigint", test_sigint);
  g_test_add_func ("/faults/fs/sigterm", test_sigterm);
  status = dt_test_run_and_remove (tmp_root);
  dt_test_remove_dataset (data_dir);
  g_free (data_dir);
  g_free (tmp_root);
  return status;
}
