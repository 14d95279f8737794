/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "fuzz-util.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

static int memfd = -1;
static char *memfd_path;
static char *tmp_dir;

const char *
fuzz_memfd_path (const uint8_t *data,
                 size_t         size)
{
  size_t done = 0;

  if (memfd < 0)
    {
      memfd = memfd_create ("fuzz-input", MFD_CLOEXEC);
      g_assert_cmpint (memfd, >=, 0);
      memfd_path = g_strdup_printf ("/proc/self/fd/%d", memfd);
    }
  g_assert_cmpint (ftruncate (memfd, 0), ==, 0);
  while (done < size)
    {
      ssize_t n = pwrite (memfd, data + done, size - done, (off_t) done);

      if (n < 0 && errno == EINTR)
        continue;
      g_assert_cmpint (n, >, 0);
      done += (size_t) n;
    }
  return memfd_path;
}

static void
remove_tmp_dir (void)
{
  g_autoptr(GDir) dir = g_dir_open (tmp_dir, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (tmp_dir, name, NULL);
      g_unlink (path);
    }
  g_rmdir (tmp_dir);
}

const char *
fuzz_tmp_dir (void)
{
  if (tmp_dir == NULL)
    {
      /* in memory when it can be: a save fsyncs, and a fuzzer saves thousands of times a
       * second */
      if (g_file_test ("/dev/shm", G_FILE_TEST_IS_DIR) && g_access ("/dev/shm", W_OK) == 0)
        tmp_dir = g_mkdtemp (g_strdup ("/dev/shm/dt-fuzz-XXXXXX"));
      else
        tmp_dir = g_dir_make_tmp ("dt-fuzz-XXXXXX", NULL);
      g_assert_nonnull (tmp_dir);
      atexit (remove_tmp_dir);
    }
  return tmp_dir;
}
