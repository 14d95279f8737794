/* SPDX-License-Identifier: GPL-3.0-or-later */
/* --sweep: every run of a sweep gives, to the last bit, the figures of the same run made
 * alone (with one thread or with the default count), the table lists them, and bad sweeps
 * are refused. */
#include "config.h"

#include <string.h>

#include "dt-test-data.h"
#include "dt-test-util.h"

static const char *cli_path;
static char *data_dir;
static char *xdg_dir;

static const char *const lrs[] = { "1e-4", "1e-3", "1e-2", "0.1", NULL };
#define N_LRS 4

/* the CLI with these arguments, away from the real data */
#define run_cli(r, ...) dt_test_run_cli ((r), cli_path, xdg_dir, __VA_ARGS__)

/* The last epoch's and the test's figures of a run made alone. */
static void
solo_figures (const char *lr,
              const char *threads,
              JsonObject **epoch,
              JsonObject **test)
{
  g_auto(DtTestRun) r = { 0 };
  g_auto(GStrv) lines = NULL;

  run_cli (&r, "--data-dir", data_dir, "--json", "--epochs", "2", "--validation-split", "0.2",
           "--lr", lr, "--threads", threads, NULL);
  g_assert_cmpint (r.status, ==, 0);
  lines = g_strsplit (r.out, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 4);
  *epoch = dt_test_parse_json_line (lines[1]);
  *test = dt_test_parse_json_line (lines[2]);
  g_assert_nonnull (*epoch);
  g_assert_nonnull (*test);
}

static void
test_same_as_alone (void)
{
  g_auto(DtTestRun) r = { 0 };
  g_auto(GStrv) lines = NULL;
  g_autofree char *spec = g_strjoinv (",", (char **) lrs);
  g_autofree char *arg = g_strconcat ("lr=", spec, NULL);

  run_cli (&r, "--data-dir", data_dir, "--json", "--epochs", "2", "--validation-split", "0.2",
           "--sweep", arg, NULL);
  g_assert_cmpint (r.status, ==, 0);
  lines = g_strsplit (r.out, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, N_LRS + 1);
  for (gsize i = 0; i < N_LRS; i++)
    {
      g_autoptr(JsonObject) run = dt_test_parse_json_line (lines[i]);
      static const char *const threads[] = { "1", "2" };

      g_assert_nonnull (run);
      g_assert_cmpstr (json_object_get_string_member (run, "setting"), ==, "lr");
      g_assert_cmpfloat (dt_test_json_number (run, "value"), ==, g_ascii_strtod (lrs[i], NULL));
      for (gsize t = 0; t < G_N_ELEMENTS (threads); t++)
        {
          g_autoptr(JsonObject) epoch = NULL;
          g_autoptr(JsonObject) test = NULL;

          solo_figures (lrs[i], threads[t], &epoch, &test);
          g_assert_cmpfloat (dt_test_json_number (run, "loss"), ==,
                             dt_test_json_number (epoch, "loss"));
          g_assert_cmpfloat (dt_test_json_number (run, "accuracy"), ==,
                             dt_test_json_number (epoch, "accuracy"));
          g_assert_cmpfloat (dt_test_json_number (run, "val_loss"), ==,
                             dt_test_json_number (epoch, "val_loss"));
          g_assert_cmpfloat (dt_test_json_number (run, "val_accuracy"), ==,
                             dt_test_json_number (epoch, "val_accuracy"));
          g_assert_cmpfloat (dt_test_json_number (run, "test_loss"), ==,
                             dt_test_json_number (test, "test_loss"));
          g_assert_cmpfloat (dt_test_json_number (run, "test_accuracy"), ==,
                             dt_test_json_number (test, "test_accuracy"));
        }
    }
}

/* The table: a header, then one row per value as the user wrote it, in that order. */
static void
test_table (void)
{
  g_auto(DtTestRun) r = { 0 };
  g_auto(GStrv) lines = NULL;

  run_cli (&r, "--data-dir", data_dir, "--epochs", "1", "--sweep", "hidden=8,16,64", NULL);
  g_assert_cmpint (r.status, ==, 0);
  lines = g_strsplit (r.out, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 5);
  g_assert_true (g_str_has_prefix (lines[0], "hidden"));
  for (const char *const *h = (const char *const[]) { "loss", "acc", "val_loss", "val_acc",
                                                       "test_loss", "test_acc", "seconds",
                                                       NULL }; *h != NULL; h++)
    g_assert_nonnull (strstr (lines[0], *h));
  g_assert_true (g_str_has_prefix (lines[1], "8 "));
  g_assert_true (g_str_has_prefix (lines[2], "16 "));
  g_assert_true (g_str_has_prefix (lines[3], "64 "));
  /* no validation: its columns say so */
  g_assert_nonnull (strstr (lines[1], " - "));
}

static void
test_bad (void)
{
  static const char *const bad[][3] = {
    { "--sweep", "foo=1", NULL }, { "--sweep", "lr", NULL }, { "--sweep", "lr=", NULL },
    { "--sweep", "lr=0", NULL }, { "--sweep", "rho=0.5,1", NULL },
    { "--sweep", "hidden=1.5", NULL }, { "--sweep", "lr=1,2,3,4,5,6,7", NULL },
    { "--sweep", "lr=nan", NULL }, { "--sweep", "lr=0.1", "--save=x" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_auto(DtTestRun) r = { 0 };

      run_cli (&r, "--data-dir", data_dir, bad[i][0], bad[i][1], bad[i][2], NULL);
      g_assert_cmpint (r.status, ==, 2);
      g_assert_cmpstr (r.out, ==, "");
    }
}

int
main (int    argc,
      char **argv)
{
  int status;

  dt_test_init_with_args (&argc, &argv, 1, "PATH-TO-digit-trainer-cli");
  cli_path = argv[1];
  data_dir = dt_test_make_dataset (600, 100);
  xdg_dir = dt_test_make_tmp_root ("dt-test-sweep-XXXXXX");
  g_test_add_func ("/cli/sweep/same-as-alone", test_same_as_alone);
  g_test_add_func ("/cli/sweep/table", test_table);
  g_test_add_func ("/cli/sweep/bad", test_bad);
  status = g_test_run ();
  dt_test_remove_dataset (data_dir);
  dt_test_rm_rf (xdg_dir);
  g_free (data_dir);
  g_free (xdg_dir);
  return status;
}
