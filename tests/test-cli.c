/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <string.h>

#include "nn-idx.h"
#include "dt-test-util.h"
#include "nn-model-file.h"
#include "nn-trainer.h"

/* Runs digit-trainer-cli (its path is the first argument after the GTest ones) on tiny
 * generated MNIST-named sets, with XDG_DATA_HOME pointed at an empty folder and MNIST_DIR
 * unset, so that nothing here can stumble on the real data. */

#define N_TRAIN 100
#define N_TEST  40

static const char *cli_path;
static char *tmp_root;
static char *data_dir;     /* the tiny set */
static char *empty_dir;

/* Runs the CLI with the arguments of the NULL-terminated list, away from the real data. */
static void
run_cli (DtTestRun *r,
         ...)
{
  g_autofree char *xdg = g_build_filename (empty_dir, "xdg", NULL);
  va_list ap;

  va_start (ap, r);
  dt_test_run_cli_valist (r, cli_path, xdg, ap);
  va_end (ap);
}

static void
assert_contains (const char *haystack,
                 const char *needle)
{
  if (strstr (haystack, needle) == NULL)
    g_error ("expected “%s” in:\n%s", needle, haystack);
}

/* ---- reading the JSON lines ------------------------------------------------------------ */

static void
test_json_reader (void)
{
  g_autoptr(JsonObject) ok = dt_test_parse_json_line ("{\"a\":1,\"b\":-0.25,\"c\":[0.5,null]}");
  static const char *const refused[] = {
    "{\"loss\":nan}", "{\"loss\":NaN}", "{\"loss\":inf}", "{\"loss\":-nan}",
    "{\"loss\":1.}", "{\"loss\":01}", "{\"loss\":1,}", "{\"loss\":1} x", "{loss:1}",
    "{\"a\":1,\"a\":2}", "Epoch 1/2", "{\"loss\":0,346136,\"acc\":0,9}", "[1]",
    "{\"loss\": 1}",
  };

  g_assert_nonnull (ok);
  g_assert_cmpfloat (dt_test_json_number (ok, "b"), ==, -0.25);
  g_assert_cmpfloat (dt_test_json_number (ok, "a"), ==, 1);
  /* what the reader must refuse, or the CLI tests would prove nothing */
  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autoptr(JsonObject) bad = dt_test_parse_json_line (refused[i]);

      if (bad != NULL)
        g_error ("the reader accepted %s", refused[i]);
    }
}

/* ---- the tiny data set --------------------------------------------------------------- */

/* n 28×28 images; label i % 10, with a bright 4×4 block whose place depends on the label,
 * so that two epochs visibly learn something. */
static void
write_set (const char *dir,
           const char *prefix,
           gsize       n,
           guint32     seed)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  g_autofree guint8 *images = g_malloc0 (n * 784);
  g_autofree guint8 *labels = g_malloc (n);
  g_autofree char *ipath = g_strdup_printf ("%s/%s-images-idx3-ubyte", dir, prefix);
  g_autofree char *lpath = g_strdup_printf ("%s/%s-labels-idx1-ubyte.gz", dir, prefix);
  guint32 idims[3] = { (guint32) n, 28, 28 };
  guint32 ldims[1] = { (guint32) n };

  for (gsize i = 0; i < n; i++)
    {
      guint8 *img = images + i * 784;
      int label = (int) ((i * 7 + 3) % 10);
      int r0 = 2 + 5 * (label / 5), c0 = 2 + 5 * (label % 5);

      labels[i] = (guint8) label;
      for (int k = 0; k < 784; k++)
        img[k] = (guint8) g_rand_int_range (rand, 0, 40);
      for (int r = r0; r < r0 + 4; r++)
        for (int c = c0; c < c0 + 4; c++)
          img[r * 28 + c] = 250;
    }
  nn_idx_save (ipath, 3, idims, images, &error);
  g_assert_no_error (error);
  nn_idx_save (lpath, 1, ldims, labels, &error);
  g_assert_no_error (error);
}

/* ---- argument errors ----------------------------------------------------------------- */

typedef struct
{
  const char *args[3];
  const char *message;     /* expected in stderr */
} BadArgs;

static const BadArgs bad_args[] = {
  { { "--lr", "0" }, "Learning rate" },
  { { "--lr", "-1" }, "Learning rate" },
  { { "--lr", "nan" }, "Learning rate" },
  { { "--lr", "11" }, "Learning rate" },
  { { "--lr", "fast" }, "--lr" },
  { { "--rho", "1" }, "Rho" },
  { { "--rho", "-0.1" }, "Rho" },
  { { "--epsilon", "0" }, "Epsilon" },
  { { "--epsilon", "1e-45" }, "Epsilon must be between 1.17549e-38 and 1" },   /* subnormal */
  { { "--epsilon", "1e-39" }, "Epsilon must be between 1.17549e-38 and 1" },
  { { "--decay", "-0.5" }, "Decay" },
  { { "--batch-size", "0" }, "Batch size" },
  { { "--batch-size", "-1" }, "Batch size" },
  { { "--epochs", "-1" }, "Epochs" },
  { { "--threads", "0" }, "Threads" },
  { { "--threads", "-1" }, "Threads" },
  { { "--hidden", "0" }, "Hidden units" },
  { { "--hidden", "-1" }, "Hidden units" },
  { { "--seed", "-1" }, "seed" },
  { { "--keras", "4" }, "--keras" },
  { { "--keras", "3", "--decay=0.1" }, "Keras 3" },
  { { "--bogus" }, "--bogus" },
  { { "stray" }, "stray" },
  { { "--summary", "stray" }, "stray" },
};

static void
test_bad_args (gconstpointer data)
{
  const BadArgs *b = data;
  g_auto(DtTestRun) r = { 0 };

  /* with the tiny set as --data-dir, an accepted option would train and exit 0 */
  run_cli (&r, "--data-dir", data_dir, b->args[0], b->args[1], b->args[2], NULL);
  g_assert_cmpint (r.status, ==, 2);
  assert_contains (r.err, "digit-trainer-cli");
  assert_contains (r.err, b->message);
  g_assert_cmpstr (r.out, ==, "");
}

static void
test_help (void)
{
  g_auto(DtTestRun) r = { 0 };

  run_cli (&r, "--help", NULL);
  g_assert_cmpint (r.status, ==, 0);
  for (const char * const *o = (const char * const[]) { "--epochs", "--batch-size", "--lr",
         "--rho", "--epsilon", "--decay", "--hidden", "--seed", "--data-dir", "--threads",
         "--save", "--load", "--no-shuffle", "--summary", "--json", "--quiet", NULL };
       *o != NULL; o++)
    assert_contains (r.out, *o);
}

/* ---- --summary ----------------------------------------------------------------------- */

/* The column where `word` starts on the line holding it. */
static int
column_of (const char *text,
           const char *line_start,
           const char *word)
{
  const char *line = strstr (text, line_start);
  const char *eol, *hit;

  g_assert_nonnull (line);
  eol = strchr (line, '\n');
  hit = strstr (line, word);
  g_assert_nonnull (hit);
  g_assert_true (eol == NULL || hit < eol);
  return (int) (hit - line);
}

static void
check_summary (const char *hidden,
               const char *shape,
               const char *dense1,
               const char *dense2,
               const char *total)
{
  g_auto(DtTestRun) r = { 0 };
  g_auto(GStrv) lines = NULL;
  g_autofree char *total_line = g_strdup_printf ("Total params: %s\n", total);
  g_autofree char *trainable = g_strdup_printf ("Trainable params: %s\n", total);

  if (hidden != NULL)
    run_cli (&r, "--summary", "--hidden", hidden, NULL);
  else
    run_cli (&r, "--summary", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_cmpstr (r.err, ==, "");

  /* Keras's layout: rules, a header, one row per layer, then the totals */
  lines = g_strsplit (r.out, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 16);
  g_assert_true (g_str_has_prefix (lines[0], "______"));
  g_assert_true (g_str_has_prefix (lines[1], "Layer (type)"));
  g_assert_true (g_str_has_prefix (lines[2], "======"));
  g_assert_true (g_str_has_prefix (lines[3], "dense_1 (Dense)"));
  g_assert_true (g_str_has_prefix (lines[5], "activation_1 (Activation)"));
  g_assert_true (g_str_has_prefix (lines[7], "dense_2 (Dense)"));
  g_assert_true (g_str_has_prefix (lines[9], "activation_2 (Activation)"));
  g_assert_true (g_str_has_prefix (lines[10], "======"));
  g_assert_cmpuint (strlen (lines[0]), ==, 65);
  g_assert_cmpuint (strlen (lines[2]), ==, 65);
  assert_contains (r.out, total_line);
  assert_contains (r.out, trainable);
  assert_contains (r.out, "Non-trainable params: 0\n");

  /* the numbers sit under their headers */
  g_assert_cmpint (column_of (r.out, "dense_1", shape), ==,
                   column_of (r.out, "Layer (type)", "Output Shape"));
  g_assert_cmpint (column_of (r.out, "dense_1", dense1), ==,
                   column_of (r.out, "Layer (type)", "Param #"));
  g_assert_cmpint (column_of (r.out, "dense_2", dense2), ==,
                   column_of (r.out, "Layer (type)", "Param #"));
  g_assert_cmpint (column_of (r.out, "activation_2", "(None, 10)"), ==,
                   column_of (r.out, "Layer (type)", "Output Shape"));
}

static void
test_summary (void)
{
  check_summary (NULL, "(None, 32)", "25120", "330", "25,450");
  check_summary ("64", "(None, 64)", "50240", "650", "50,890");
}

/* ---- training runs ------------------------------------------------------------------- */

static void
check_epoch_line (const char *line,
                  int         epoch)
{
  g_autoptr(JsonObject) obj = dt_test_parse_json_line (line);

  if (obj == NULL)
    g_error ("not a JSON object as json-glib writes it: %s", line);
  g_assert_cmpfloat (dt_test_json_number (obj, "epoch"), ==, epoch);
  g_assert_cmpfloat (dt_test_json_number (obj, "loss"), >, 0.0);
  g_assert_cmpfloat (dt_test_json_number (obj, "accuracy"), >=, 0.0);
  g_assert_cmpfloat (dt_test_json_number (obj, "accuracy"), <=, 1.0);
  g_assert_cmpfloat (dt_test_json_number (obj, "seconds"), >=, 0.0);
  g_assert_cmpfloat (dt_test_json_number (obj, "samples_per_second"), >=, 0.0);
}

static void
test_json (void)
{
  g_auto(DtTestRun) r = { 0 };
  g_auto(GStrv) lines = NULL;
  g_autoptr(JsonObject) last = NULL;

  run_cli (&r, "--json", "--epochs", "3", "--data-dir", data_dir, NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_cmpstr (r.err, ==, "");
  g_assert_true (g_str_has_suffix (r.out, "}\n"));

  lines = g_strsplit (r.out, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 5);     /* 3 epochs, the test, "" */
  for (int e = 0; e < 3; e++)
    check_epoch_line (lines[e], e + 1);
  g_assert_cmpstr (lines[4], ==, "");

  last = dt_test_parse_json_line (lines[3]);
  g_assert_nonnull (last);
  g_assert_cmpfloat (dt_test_json_number (last, "test_loss"), >, 0.0);
  g_assert_cmpfloat (dt_test_json_number (last, "test_accuracy"), >=, 0.0);
  g_assert_cmpfloat (dt_test_json_number (last, "test_accuracy"), <=, 1.0);
  g_assert_cmpfloat (dt_test_json_number (last, "seconds"), >=, 0.0);
  /* the blocks are easy: three epochs learn them */
  g_assert_cmpfloat (dt_test_json_number (last, "test_accuracy"), >=, 0.5);
}

/* The lesson's session on the tiny set, output not a terminal: one line per epoch. */
static void
test_lesson_output (void)
{
  g_auto(DtTestRun) r = { 0 };
  g_autofree char *bar = g_strdup_printf ("%d/%d [==============================]",
                                          N_TRAIN, N_TRAIN);
  g_autofree char *test_bar = g_strdup_printf ("%d/%d [==============================]",
                                               N_TEST, N_TEST);
  const char *training, *epoch1, *epoch2, *testing, *loss, *acc;

  run_cli (&r, "--data-dir", data_dir, NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_cmpstr (r.err, ==, "");
  /* X_train[1].shape, then y_train[:3] one-hot: labels 3, 0, 7 */
  g_assert_true (g_str_has_prefix (r.out,
                                   "(784,)\n"
                                   "[[0. 0. 0. 1. 0. 0. 0. 0. 0. 0.]\n"
                                   " [1. 0. 0. 0. 0. 0. 0. 0. 0. 0.]\n"
                                   " [0. 0. 0. 0. 0. 0. 0. 1. 0. 0.]]\n"
                                   "Training ------------\n"));
  training = strstr (r.out, "Training ------------");
  epoch1 = strstr (r.out, "Epoch 1/2\n");
  epoch2 = strstr (r.out, "Epoch 2/2\n");
  testing = strstr (r.out, "Testing ------------");
  loss = strstr (r.out, "test loss:");
  acc = strstr (r.out, "test accuracy:");
  g_assert_true (training && epoch1 && epoch2 && testing && loss && acc);
  g_assert_true (training < epoch1 && epoch1 < epoch2 && epoch2 < testing &&
                 testing < loss && loss < acc);
  assert_contains (epoch1, bar);
  assert_contains (epoch1, " - loss: ");
  assert_contains (epoch1, " - acc: ");
  assert_contains (testing, test_bar);
  /* not a terminal: no carriage returns or escape sequences */
  g_assert_null (strchr (r.out, '\r'));
  g_assert_null (strchr (r.out, '\033'));
}

static void
test_quiet (void)
{
  g_auto(DtTestRun) r = { 0 };

  run_cli (&r, "--quiet", "--epochs", "1", "--data-dir", data_dir, NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_null (strstr (r.out, "Epoch"));
  g_assert_null (strstr (r.out, "Training"));
  assert_contains (r.out, "test accuracy:");
}

static char *
read_all (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;
  gsize len;

  g_file_get_contents (path, &contents, &len, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (len, ==, NN_MODEL_HEADER_SIZE + 8 * 25450 + 32);
  return contents;
}

/* --save then --load continues training exactly: 1 + 1 epochs == 2 epochs, byte for byte,
 * and --load with no further epochs evaluates the saved weights. */
static void
test_save_load (void)
{
  g_autofree char *straight = g_build_filename (tmp_root, "straight.dtmodel", NULL);
  g_autofree char *half = g_build_filename (tmp_root, "half.dtmodel", NULL);
  g_autofree char *resumed = g_build_filename (tmp_root, "resumed.dtmodel", NULL);
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  g_auto(DtTestRun) r1 = { 0 };
  g_auto(DtTestRun) r2 = { 0 };
  g_auto(DtTestRun) r3 = { 0 };
  g_auto(DtTestRun) r4 = { 0 };
  g_auto(GStrv) l1 = NULL;
  g_auto(GStrv) l3 = NULL;
  g_auto(GStrv) l4 = NULL;
  g_autoptr(JsonObject) e3 = NULL;
  g_autoptr(JsonObject) t1 = NULL;
  g_autoptr(JsonObject) t4 = NULL;

  run_cli (&r1, "--json", "--epochs", "2", "--seed", "7", "--data-dir", data_dir,
           "--save", straight, NULL);
  g_assert_cmpint (r1.status, ==, 0);
  run_cli (&r2, "--json", "--epochs", "1", "--seed", "7", "--data-dir", data_dir,
           "--save", half, NULL);
  g_assert_cmpint (r2.status, ==, 0);
  run_cli (&r3, "--json", "--epochs", "1", "--data-dir", data_dir,
           "--load", half, "--save", resumed, NULL);
  g_assert_cmpint (r3.status, ==, 0);
  l3 = g_strsplit (r3.out, "\n", -1);
  e3 = dt_test_parse_json_line (l3[0]);
  g_assert_nonnull (e3);
  g_assert_cmpfloat (dt_test_json_number (e3, "epoch"), ==, 2);

  a = read_all (straight);
  b = read_all (resumed);
  g_assert_cmpmem (a, NN_MODEL_HEADER_SIZE + 8 * 25450 + 32,
                   b, NN_MODEL_HEADER_SIZE + 8 * 25450 + 32);

  /* evaluating the loaded model gives the test result the saving run printed */
  run_cli (&r4, "--json", "--epochs", "0", "--data-dir", data_dir, "--load", straight, NULL);
  g_assert_cmpint (r4.status, ==, 0);
  l1 = g_strsplit (r1.out, "\n", -1);
  l4 = g_strsplit (r4.out, "\n", -1);
  g_assert_cmpuint (g_strv_length (l1), ==, 4);
  g_assert_cmpuint (g_strv_length (l4), ==, 2);
  t1 = dt_test_parse_json_line (l1[2]);
  t4 = dt_test_parse_json_line (l4[0]);
  g_assert_nonnull (t1);
  g_assert_nonnull (t4);
  g_assert_cmpfloat (dt_test_json_number (t1, "test_loss"), ==,
                     dt_test_json_number (t4, "test_loss"));
  g_assert_cmpfloat (dt_test_json_number (t1, "test_accuracy"), ==,
                     dt_test_json_number (t4, "test_accuracy"));
}

/* --keras 3 trains and saves the Keras 3 form with its ε; loading it with --keras 2 switches
 * back, with Keras 2's ε. */
static void
test_keras (void)
{
  g_autofree char *k3 = g_build_filename (tmp_root, "k3.dtmodel", NULL);
  g_autofree char *k2 = g_build_filename (tmp_root, "k2.dtmodel", NULL);
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  g_auto(DtTestRun) r1 = { 0 };
  g_auto(DtTestRun) r2 = { 0 };
  float eps;

  run_cli (&r1, "-q", "--keras", "3", "--epochs", "1", "--data-dir", data_dir, "--save", k3,
           NULL);
  g_assert_cmpint (r1.status, ==, 0);
  run_cli (&r2, "-q", "--keras", "2", "--epochs", "0", "--data-dir", data_dir, "--load", k3,
           "--save", k2, NULL);
  g_assert_cmpint (r2.status, ==, 0);
  a = read_all (k3);
  b = read_all (k2);
  g_assert_cmpint (a[NN_MODEL_OFFSET_FORM], ==, 3);
  memcpy (&eps, a + NN_MODEL_OFFSET_EPSILON, sizeof eps);
  g_assert_cmpfloat (eps, ==, 1e-7f);
  g_assert_cmpint (b[NN_MODEL_OFFSET_FORM], ==, 2);
  memcpy (&eps, b + NN_MODEL_OFFSET_EPSILON, sizeof eps);
  g_assert_cmpfloat (eps, ==, 1e-8f);
}

static void
test_load_errors (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *model = g_build_filename (tmp_root, "hidden32.dtmodel", NULL);
  g_autofree char *junk = g_build_filename (tmp_root, "junk.dtmodel", NULL);
  g_autofree char *missing = g_build_filename (tmp_root, "missing.dtmodel", NULL);
  g_autoptr(NnTrainer) t = NULL;
  g_auto(DtTestRun) r1 = { 0 };
  g_auto(DtTestRun) r2 = { 0 };
  g_auto(DtTestRun) r3 = { 0 };
  NnConfig config;

  nn_config_init_defaults (&config);
  t = nn_trainer_new (&config, 784, 10, &error);
  g_assert_no_error (error);
  nn_model_save (t, model, &error);
  g_assert_no_error (error);
  g_file_set_contents (junk, "DTMODEL\0 but then nothing useful", 32, &error);
  g_assert_no_error (error);

  run_cli (&r1, "--data-dir", data_dir, "--load", model, "--hidden", "64", NULL);
  g_assert_cmpint (r1.status, ==, 1);
  assert_contains (r1.err, "784→32→10");
  run_cli (&r2, "--data-dir", data_dir, "--load", junk, NULL);
  g_assert_cmpint (r2.status, ==, 1);
  assert_contains (r2.err, "junk.dtmodel");
  assert_contains (r2.err, "truncated");
  run_cli (&r3, "--data-dir", data_dir, "--load", missing, NULL);
  g_assert_cmpint (r3.status, ==, 1);
  assert_contains (r3.err, "missing.dtmodel");
  g_assert_null (strstr (r1.out, "Training"));
}

static void
test_missing_data (void)
{
  g_auto(DtTestRun) r = { 0 };
  g_autofree char *xdg_mnist = g_build_filename (empty_dir, "xdg", "digit-trainer", "mnist",
                                                 NULL);

  run_cli (&r, "--data-dir", empty_dir, NULL);
  g_assert_cmpint (r.status, ==, 1);
  assert_contains (r.err, "MNIST was not found");
  assert_contains (r.err, empty_dir);
  assert_contains (r.err, xdg_mnist);
  assert_contains (r.err, "fetch-mnist.sh");
  g_assert_null (strstr (r.out, "Training"));
}

/* A model whose weights are 1e30 makes the first batch's loss NaN: the CLI stops with a
 * clear message and exit 1, prints no "nan", and saves nothing. */
static void
test_divergence (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *model = g_build_filename (tmp_root, "huge.dtmodel", NULL);
  g_autofree char *out_model = g_build_filename (tmp_root, "diverged.dtmodel", NULL);
  g_autoptr(NnTrainer) t = NULL;
  g_auto(DtTestRun) r = { 0 };
  g_auto(DtTestRun) rj = { 0 };
  g_autofree char *out_lower = NULL;
  g_autofree char *err_lower = NULL;
  NnConfig config;

  nn_config_init_defaults (&config);
  t = nn_trainer_new (&config, 784, 10, &error);
  g_assert_no_error (error);
  for (gsize i = 0; i < nn_trainer_get_net (t)->n_params; i++)
    nn_trainer_get_net (t)->params[i] = 1e30f;
  nn_model_save (t, model, &error);
  g_assert_no_error (error);

  run_cli (&r, "--data-dir", data_dir, "--load", model, "--save", out_model, NULL);
  g_assert_cmpint (r.status, ==, 1);
  assert_contains (r.err, "diverged");
  out_lower = g_ascii_strdown (r.out, -1);
  err_lower = g_ascii_strdown (r.err, -1);
  g_assert_null (strstr (out_lower, "nan"));
  g_assert_null (strstr (err_lower, "nan"));
  g_assert_null (strstr (r.out, "Testing"));
  g_assert_false (g_file_test (out_model, G_FILE_TEST_EXISTS));

  run_cli (&rj, "--json", "--data-dir", data_dir, "--load", model, NULL);
  g_assert_cmpint (rj.status, ==, 1);
  g_assert_cmpstr (rj.out, ==, "");
  assert_contains (rj.err, "diverged");
}

/* ---- set-up -------------------------------------------------------------------------- */

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  if (argc < 2)
    {
      g_printerr ("usage: %s [GTest options] PATH-TO-digit-trainer-cli\n", argv[0]);
      return 1;
    }
  cli_path = argv[1];

  tmp_root = dt_test_make_tmp_root ("dt-test-cli-XXXXXX");
  data_dir = g_build_filename (tmp_root, "tiny", NULL);
  empty_dir = g_build_filename (tmp_root, "empty", NULL);
  g_assert_cmpint (g_mkdir (data_dir, 0700), ==, 0);
  g_assert_cmpint (g_mkdir (empty_dir, 0700), ==, 0);
  write_set (data_dir, "train", N_TRAIN, 1);
  write_set (data_dir, "t10k", N_TEST, 2);

  g_test_add_func ("/cli/json-reader", test_json_reader);
  for (guint i = 0; i < G_N_ELEMENTS (bad_args); i++)
    {
      g_autofree char *joined = g_strjoinv ("=", (char **) bad_args[i].args);
      g_autofree char *name = NULL;

      g_strdelimit (joined, " /", '_');
      name = g_strdup_printf ("/cli/bad-args/%s", joined);
      g_test_add_data_func (name, &bad_args[i], test_bad_args);
    }
  g_test_add_func ("/cli/help", test_help);
  g_test_add_func ("/cli/summary", test_summary);
  g_test_add_func ("/cli/json", test_json);
  g_test_add_func ("/cli/lesson-output", test_lesson_output);
  g_test_add_func ("/cli/quiet", test_quiet);
  g_test_add_func ("/cli/save-load", test_save_load);
  g_test_add_func ("/cli/load-errors", test_load_errors);
  g_test_add_func ("/cli/keras", test_keras);
  g_test_add_func ("/cli/missing-data", test_missing_data);
  g_test_add_func ("/cli/divergence", test_divergence);

  status = dt_test_run_and_remove (tmp_root);
  g_free (data_dir);
  g_free (empty_dir);
  g_free (tmp_root);
  return status;
}
