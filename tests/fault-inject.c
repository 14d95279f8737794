/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kill -9 at a chosen instant of a save, for the fault suite:
 *
 *   LD_PRELOAD=dtfaultinject.so DT_FAULT_KILL=write|fsync|rename digit-trainer-cli … --save F
 *
 * sends the process SIGKILL halfway through writing its temporary file (".F.dt-tmp-XXXXXX",
 * see nn-file.h), just before that file's fsync, or just before its rename: the moments a
 * kill from outside can only hit by chance.  Plain libc, no GLib: it is loaded first. */
#ifndef _GNU_SOURCE
# define _GNU_SOURCE   /* RTLD_NEXT */
#endif
#include <dlfcn.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define TMP_MARK ".dt-tmp-"

/* The function of this name the next library defines (libc's). */
static void *
real (const char *name)
{
  void *f = dlsym (RTLD_NEXT, name);

  if (f == NULL)
    abort ();
  return f;
}

static int
killing_at (const char *stage)
{
  const char *s = getenv ("DT_FAULT_KILL");

  return s != NULL && strcmp (s, stage) == 0;
}

/* fd is open on one of our temporaries */
static int
is_temporary (int fd)
{
  char link[64], path[PATH_MAX];
  ssize_t n;

  snprintf (link, sizeof link, "/proc/self/fd/%d", fd);
  n = readlink (link, path, sizeof path - 1);
  if (n < 0)
    return 0;
  path[n] = '\0';
  return strstr (path, TMP_MARK) != NULL;
}

ssize_t
write (int         fd,
       const void *buf,
       size_t      count)
{
  ssize_t (*libc_write) (int, const void *, size_t) = real ("write");

  if (killing_at ("write") && count > 1 && is_temporary (fd))
    {
      libc_write (fd, buf, count / 2);
      kill (getpid (), SIGKILL);
    }
  return libc_write (fd, buf, count);
}

int
fsync (int fd)
{
  int (*libc_fsync) (int) = real ("fsync");

  if (killing_at ("fsync") && is_temporary (fd))
    kill (getpid (), SIGKILL);
  return libc_fsync (fd);
}

int
rename (const char *from,
        const char *to)
{
  int (*libc_rename) (const char *, const char *) = real ("rename");

  if (killing_at ("rename") && strstr (from, TMP_MARK) != NULL)
    kill (getpid (), SIGKILL);
  return libc_rename (from, to);
}
