/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Without libFuzzer (any build but -Dfuzzing=true): runs the harness once on every file
 * given, or every file in every folder given — the seed corpus and the regression files of
 * past findings — and prints TAP.  A finding aborts, as it does under libFuzzer. */
#include "config.h"

#include <glib.h>

#include "fuzz-util.h"

static int n_run;

static int
compare_paths_cb (gconstpointer a,
                  gconstpointer b)
{
  return g_strcmp0 (*(char * const *) a, *(char * const *) b);
}

static void
run_file (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *data = NULL;
  gsize len;

  g_file_get_contents (path, &data, &len, &error);
  g_assert_no_error (error);
  LLVMFuzzerTestOneInput ((const uint8_t *) data, len);
  g_print ("ok %d - %s\n", ++n_run, path);
}

int
main (int    argc,
      char **argv)
{
  for (int i = 1; i < argc; i++)
    {
      g_autoptr(GDir) dir = NULL;
      g_autoptr(GPtrArray) names = NULL;
      const char *name;

      if (!g_file_test (argv[i], G_FILE_TEST_IS_DIR))
        {
          run_file (argv[i]);
          continue;
        }
      dir = g_dir_open (argv[i], 0, NULL);
      g_assert_nonnull (dir);
      names = g_ptr_array_new_with_free_func (g_free);
      while ((name = g_dir_read_name (dir)) != NULL)
        g_ptr_array_add (names, g_build_filename (argv[i], name, NULL));
      /* the same order on every machine */
      g_ptr_array_sort (names, compare_paths_cb);
      for (guint k = 0; k < names->len; k++)
        run_file (g_ptr_array_index (names, k));
    }
  if (n_run == 0)
    {
      g_print ("Bail out! no input found\n");
      return 1;
    }
  g_print ("1..%d\n", n_run);
  return 0;
}
