/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Model files a careless user or an attacker hands over, with a valid checksum: counters at
 * their limits, weights that are not numbers, an ε the engine cannot represent, paths that
 * are no files; and how a save replaces a file (fsync before rename, stale temporaries). */
#include "config.h"

#include <dlfcn.h>
#include <fcntl.h>
#include <float.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dt-test-util.h"
#include "nn-dataset.h"
#include "nn-file.h"
#include "nn-model-file.h"

#define SIDE 4
#define N_IN (SIDE * SIDE)
#define N_SAMPLES 50
#define BATCH 7       /* 8 steps an epoch */

static char *tmp_root;

static NnTrainer *
make_trainer (void)
{
  g_autoptr(GError) error = NULL;
  NnConfig config;
  NnTrainer *t;

  nn_config_init_defaults (&config);
  config.n_hidden = 5;
  config.batch_size = BATCH;
  t = nn_trainer_new (&config, N_IN, NN_DATASET_CLASSES, &error);
  g_assert_no_error (error);
  return t;
}

static NnDataset *
make_dataset (void)
{
  NnDataset *ds = nn_dataset_new (N_SAMPLES, SIDE, SIDE);

  for (gsize i = 0; i < N_SAMPLES; i++)
    {
      ds->labels[i] = (guint8) (i % NN_DATASET_CLASSES);
      ds->images[i * N_IN + i % N_IN] = 255;
    }
  return ds;
}

/* t's file with n bytes at offset replaced and the checksum made right again */
static GBytes *
patched (const NnTrainer *t,
         gsize            offset,
         const void      *bytes,
         gsize            n)
{
  g_autoptr(GBytes) orig = nn_model_serialize (t);
  gsize len;
  guint8 *d = g_memdup2 (g_bytes_get_data (orig, &len), g_bytes_get_size (orig));

  memcpy (d + offset, bytes, n);
  dt_test_reseal_sha256 (d, len);
  return g_bytes_new_take (d, len);
}

static NnTrainer *
load_bytes (GBytes  *bytes,
            GError **error)
{
  return nn_model_deserialize (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                               "hostile.dtmodel", error);
}

static void
assert_refused (GBytes     *bytes,
                const char *reason)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(NnTrainer) t = load_bytes (bytes, &error);

  g_assert_null (t);
  g_assert_nonnull (error);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "hostile.dtmodel"));
  if (strstr (error->message, reason) == NULL)
    g_error ("expected “%s” in: %s", reason, error->message);
}

/* ---- counters ------------------------------------------------------------------------ */

static void
test_counters_refused (void)
{
  g_autoptr(NnTrainer) t = make_trainer ();
  guint32 epochs = GUINT32_TO_LE ((guint32) G_MAXINT);
  guint64 steps = GUINT64_TO_LE ((guint64) G_MAXINT64);
  guint32 one_over = GUINT32_TO_LE ((guint32) NN_MAX_EPOCHS_DONE + 1);
  g_autoptr(GBytes) e = patched (t, NN_MODEL_OFFSET_EPOCHS, &epochs, sizeof epochs);
  g_autoptr(GBytes) s = patched (t, NN_MODEL_OFFSET_ITERATIONS, &steps, sizeof steps);
  g_autoptr(GBytes) o = patched (t, NN_MODEL_OFFSET_EPOCHS, &one_over, sizeof one_over);

  /* these passed the check, then overflowed once training went on */
  assert_refused (e, "epoch count");
  assert_refused (s, "iteration");
  assert_refused (o, "epoch count");
}

/* A model at the limits loads, trains while there is room, saves a file that loads again,
 * and then refuses to count further instead of overflowing. */
static void
test_counters_at_limit (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(NnTrainer) t = make_trainer ();
  g_autoptr(NnDataset) ds = make_dataset ();
  guint32 epochs = GUINT32_TO_LE ((guint32) NN_MAX_EPOCHS_DONE - 1);
  guint64 steps = GUINT64_TO_LE ((guint64) NN_MAX_ITERATIONS - 8);
  g_autoptr(GBytes) e = patched (t, NN_MODEL_OFFSET_EPOCHS, &epochs, sizeof epochs);
  g_autoptr(NnTrainer) near = NULL;
  g_autoptr(NnTrainer) again = NULL;
  g_autoptr(GBytes) saved = NULL;
  g_autoptr(GBytes) both = NULL;
  g_autofree guint8 *d = NULL;

  /* both counters one epoch (8 steps) short of their limits */
  d = g_memdup2 (g_bytes_get_data (e, NULL), g_bytes_get_size (e));
  memcpy (d + NN_MODEL_OFFSET_ITERATIONS, &steps, sizeof steps);
  dt_test_reseal_sha256 (d, g_bytes_get_size (e));
  both = g_bytes_new (d, g_bytes_get_size (e));
  near = load_bytes (both, &error);
  g_assert_no_error (error);

  g_assert_true (nn_trainer_fit (near, NN_DATASET_ARRAYS (ds), 1, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (nn_trainer_get_epochs_done (near), ==, NN_MAX_EPOCHS_DONE);
  g_assert_cmpint (nn_trainer_get_iterations (near), ==, NN_MAX_ITERATIONS);

  /* its own save loads */
  saved = nn_model_serialize (near);
  again = nn_model_deserialize (g_bytes_get_data (saved, NULL), g_bytes_get_size (saved),
                                "again.dtmodel", &error);
  g_assert_no_error (error);
  g_assert_cmpint (nn_trainer_get_epochs_done (again), ==, NN_MAX_EPOCHS_DONE);

  /* and one more epoch is refused with a message, the counters unchanged */
  g_assert_false (nn_trainer_fit (again, NN_DATASET_ARRAYS (ds), 1, NULL, &error));
  g_assert_error (error, NN_ERROR, NN_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "count"));
  g_assert_cmpint (nn_trainer_get_iterations (again), ==, NN_MAX_ITERATIONS);
}

/* ---- values that are not numbers ----------------------------------------------------- */

static void
test_non_finite (void)
{
  g_autoptr(NnTrainer) t = make_trainer ();
  gsize n = nn_trainer_get_net (t)->n_params;
  const float bad[] = { INFINITY, -INFINITY, NAN };
  const float bad_accum[] = { INFINITY, NAN, -1.0f, -FLT_MIN };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      /* the first weight, and the last bias */
      g_autoptr(GBytes) w = patched (t, NN_MODEL_HEADER_SIZE, &bad[i], sizeof (float));
      g_autoptr(GBytes) b = patched (t, NN_MODEL_HEADER_SIZE + (n - 1) * sizeof (float),
                                     &bad[i], sizeof (float));

      assert_refused (w, "weight is not a finite number");
      assert_refused (b, "weight is not a finite number");
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad_accum); i++)
    {
      g_autoptr(GBytes) a = patched (t, NN_MODEL_HEADER_SIZE + (n + i) * sizeof (float),
                                     &bad_accum[i], sizeof (float));

      assert_refused (a, "accumulator");
    }
}

/* What the loader refuses is never written: a trainer whose weights went to NaN keeps the
 * file that was there. */
static void
test_save_refuses_non_finite (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(NnTrainer) t = make_trainer ();
  g_autofree char *path = g_build_filename (tmp_root, "nan.dtmodel", NULL);
  g_autofree char *kept = NULL;

  g_assert_true (g_file_set_contents (path, "old", -1, &error));
  nn_trainer_get_net (t)->params[3] = NAN;
  g_assert_false (nn_model_save (t, path, &error));
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "nan.dtmodel"));
  g_assert_nonnull (strstr (error->message, "finite"));
  g_assert_true (g_file_get_contents (path, &kept, NULL, NULL));
  g_assert_cmpstr (kept, ==, "old");
}

/* ---- the shuffle generator ----------------------------------------------------------- */

/* PCG32's increment is odd by construction.  A file with an even one (fuzz-model found
 * 0 and 0) loaded, and the next fit's shuffle waited for ever for a number in range. */
static void
test_even_rng_increment (void)
{
  g_autoptr(NnTrainer) t = make_trainer ();
  const guint64 evens[] = { 0, 2, G_GUINT64_CONSTANT (0xfffffffffffffffe) };

  for (guint i = 0; i < G_N_ELEMENTS (evens); i++)
    {
      guint64 le = GUINT64_TO_LE (evens[i]);
      g_autoptr(GBytes) b = patched (t, NN_MODEL_OFFSET_RNG_INC, &le, sizeof le);

      assert_refused (b, "shuffle generator");
    }
}

/* ---- ε --------------------------------------------------------------------------------- */

static void
test_subnormal_epsilon (void)
{
  g_autoptr(NnTrainer) t = make_trainer ();
  const float subnormal[] = { 1e-45f, 1e-39f, nextafterf (FLT_MIN, 0.0f) };
  NnHyper hyper = NN_HYPER_KERAS_DEFAULTS;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (subnormal); i++)
    {
      g_autoptr(GBytes) b = patched (t, NN_MODEL_OFFSET_EPSILON, &subnormal[i], sizeof (float));

      g_assert_true (fpclassify (subnormal[i]) == FP_SUBNORMAL);
      /* the range is in the message */
      assert_refused (b, "Epsilon must be between 1.17549e-38 and 1");
      hyper.epsilon = subnormal[i];
      g_assert_false (nn_hyper_validate (&hyper, NULL));
    }
  hyper.epsilon = FLT_MIN;
  g_assert_true (nn_hyper_validate (&hyper, &error));
  g_assert_no_error (error);
}

/* ---- paths that are no model files --------------------------------------------------- */

/* /dev/zero was read until memory ran out, a FIFO blocked for ever: each must be refused at
 * once, which a child process with a deadline proves. */
static void
test_not_regular (void)
{
  g_autofree char *fifo = g_build_filename (tmp_root, "fifo.dtmodel", NULL);
  const char *paths[] = { "/dev/zero", fifo, tmp_root };

  if (g_test_subprocess ())
    {
      for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
        {
          g_autoptr(GError) error = NULL;
          g_autoptr(NnTrainer) t = nn_model_load (paths[i], &error);

          g_assert_null (t);
          g_assert_nonnull (error);
          g_test_message ("%s", error->message);
          g_assert_nonnull (strstr (error->message, paths[i]));
        }
      return;
    }
  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
  g_test_trap_subprocess (NULL, 10 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
  g_assert_cmpint (g_unlink (fifo), ==, 0);
}

/* ---- replacing a file ---------------------------------------------------------------- */

/* Which file descriptors were fsync'ed, and when a rename happened: fsync and rename are
 * interposed here (this executable's definitions come before libc's). */
static GPtrArray *io_log;

static char *
fd_path (int fd)
{
  g_autofree char *link = g_strdup_printf ("/proc/self/fd/%d", fd);

  return g_file_read_link (link, NULL);
}

int
fsync (int fd)
{
  int (*real) (int) = dlsym (RTLD_NEXT, "fsync");

  if (io_log != NULL)
    {
      g_autofree char *path = fd_path (fd);
      g_ptr_array_add (io_log, g_strdup_printf ("fsync %s", path));
    }
  return real (fd);
}

int
rename (const char *from,
        const char *to)
{
  int (*real) (const char *, const char *) = dlsym (RTLD_NEXT, "rename");

  if (io_log != NULL)
    g_ptr_array_add (io_log, g_strdup_printf ("rename %s %s", from, to));
  return real (from, to);
}

/* A new model is on the disk before its name is: the temporary is fsync'ed before it is
 * renamed over the target (even when no target existed yet, where GLib skips fsync). */
static void
test_fsync_before_rename (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(NnTrainer) t = make_trainer ();
  g_autofree char *dir = dt_test_make_dir (tmp_root, "fsync");
  g_autofree char *path = g_build_filename (dir, "new.dtmodel", NULL);
  g_autofree char *fsync_line = NULL;
  g_autofree char *tmp = NULL;
  gint synced = -1, renamed = -1;

  io_log = g_ptr_array_new_with_free_func (g_free);
  g_assert_true (nn_model_save (t, path, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < io_log->len; i++)
    {
      const char *line = g_ptr_array_index (io_log, i);

      g_test_message ("%s", line);
      if (g_str_has_prefix (line, "rename ") && g_str_has_suffix (line, path) && renamed < 0)
        {
          renamed = (gint) i;
          tmp = g_strndup (line + 7, strlen (line) - 7 - strlen (path) - 1);
        }
    }
  g_assert_cmpint (renamed, >=, 0);
  fsync_line = g_strconcat ("fsync ", tmp, NULL);
  for (guint i = 0; i < (guint) renamed; i++)
    if (g_str_equal (g_ptr_array_index (io_log, i), fsync_line))
      synced = (gint) i;
  g_assert_cmpint (synced, >=, 0);
  g_clear_pointer (&io_log, g_ptr_array_unref);
}

static void
touch (const char *dir,
       const char *name)
{
  g_free (dt_test_write_file (dir, name, (const guint8 *) "partial", 7));
}

static gboolean
exists (const char *dir,
        const char *name)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);

  return g_file_test (path, G_FILE_TEST_EXISTS);
}

/* A save deletes the temporaries killed saves left in its folder (ours by name, locked by
 * no one), keeps one another save is writing, and never touches files of the user. */
static void
test_stale_temporaries (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(NnTrainer) t = make_trainer ();
  g_autofree char *dir = dt_test_make_dir (tmp_root, "stale");
  g_autofree char *path = g_build_filename (dir, "lesson.dtmodel", NULL);
  g_autofree char *busy = g_build_filename (dir, ".other.dtmodel.dt-tmp-Busy42", NULL);
  const char *stale[] = { ".lesson.dtmodel.dt-tmp-AbC123", ".old.dtmodel.dt-tmp-zz9ZZ9",
                          ".user-images-idx3-ubyte.dt-tmp-000000" };
  const char *kept[] = { "lesson.dtmodel.backup", "lesson.dtmodel.AbC123",
                         ".lesson.dtmodel.dt-tmp-AbC12", ".x.dt-tmp-AbC12!", "notes.txt" };
  int busy_fd;

  for (guint i = 0; i < G_N_ELEMENTS (stale); i++)
    touch (dir, stale[i]);
  for (guint i = 0; i < G_N_ELEMENTS (kept); i++)
    touch (dir, kept[i]);
  touch (dir, ".other.dtmodel.dt-tmp-Busy42");
  busy_fd = g_open (busy, O_RDONLY | O_CLOEXEC, 0);
  g_assert_cmpint (flock (busy_fd, LOCK_EX), ==, 0);

  g_assert_true (nn_model_save (t, path, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (stale); i++)
    g_assert_false (exists (dir, stale[i]));
  for (guint i = 0; i < G_N_ELEMENTS (kept); i++)
    g_assert_true (exists (dir, kept[i]));
  g_assert_true (exists (dir, ".other.dtmodel.dt-tmp-Busy42"));
  close (busy_fd);
}

/* Failures name what went wrong and leave neither the target nor a temporary behind. */
static void
test_replace_errors (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = dt_test_make_dir (tmp_root, "errors");
  g_autofree char *missing = g_build_filename (dir, "no-such-folder", "m.dtmodel", NULL);
  g_autofree char *folder = dt_test_make_dir (dir, "a-folder.dtmodel");
  g_autoptr(GDir) d = NULL;
  const char *name;

  g_assert_false (nn_file_replace (missing, "x", 1, &error));
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
  g_assert_nonnull (strstr (error->message, "no-such-folder"));
  g_assert_nonnull (strstr (error->message, "does not exist"));
  g_clear_error (&error);

  /* renaming over a folder fails after the temporary was written: it must go */
  g_assert_false (nn_file_replace (folder, "x", 1, &error));
  g_assert_nonnull (error);
  g_assert_true (g_file_test (folder, G_FILE_TEST_IS_DIR));
  d = g_dir_open (dir, 0, NULL);
  while ((name = g_dir_read_name (d)) != NULL)
    g_assert_cmpstr (name, ==, "a-folder.dtmodel");
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  /* the same folder in the parent and in g_test_trap_subprocess()'s child */
  tmp_root = g_strdup (g_getenv ("DT_TEST_HOSTILE_ROOT"));
  if (tmp_root == NULL)
    {
      tmp_root = dt_test_make_tmp_root ("dt-test-hostile-XXXXXX");
      g_setenv ("DT_TEST_HOSTILE_ROOT", tmp_root, TRUE);
    }
  g_test_add_func ("/nn/model-hostile/counters-refused", test_counters_refused);
  g_test_add_func ("/nn/model-hostile/counters-at-limit", test_counters_at_limit);
  g_test_add_func ("/nn/model-hostile/non-finite", test_non_finite);
  g_test_add_func ("/nn/model-hostile/save-refuses-non-finite", test_save_refuses_non_finite);
  g_test_add_func ("/nn/model-hostile/even-rng-increment", test_even_rng_increment);
  g_test_add_func ("/nn/model-hostile/subnormal-epsilon", test_subnormal_epsilon);
  g_test_add_func ("/nn/model-hostile/not-regular", test_not_regular);
  g_test_add_func ("/nn/model-hostile/fsync-before-rename", test_fsync_before_rename);
  g_test_add_func ("/nn/model-hostile/stale-temporaries", test_stale_temporaries);
  g_test_add_func ("/nn/model-hostile/replace-errors", test_replace_errors);
  if (g_test_subprocess ())
    status = g_test_run ();
  else
    status = dt_test_run_and_remove (tmp_root);
  g_free (tmp_root);
  return status;
}
