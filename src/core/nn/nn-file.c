/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "nn-file"

#include "config.h"

#include "nn-file.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#define TMP_MARK      ".dt-tmp-"   /* ".NAME" TMP_MARK "XXXXXX": a temporary of ours */
#define TMP_RANDOM    6            /* the XXXXXX g_mkstemp fills with letters and digits */
#define TMP_ATTEMPTS  8            /* new names tried when a clean-up takes ours */

static gboolean
set_errno_error (GError    **error,
                 int         saved_errno,
                 const char *format,
                 const char *path)
{
  g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno), format, path,
               g_strerror (saved_errno));
  return FALSE;
}

/* fd's file must be a regular one: say what else it is */
static gboolean
check_regular (const struct stat  *st,
               const char         *path,
               goffset             max_size,
               GError            **error)
{
  if (S_ISDIR (st->st_mode))
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_ISDIR, _("%s is a folder, not a file"),
                   path);
      return FALSE;
    }
  if (!S_ISREG (st->st_mode))
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                   _("%s is a device, a pipe or a socket, not a regular file"), path);
      return FALSE;
    }
  if (st->st_size > max_size)
    {
      g_autofree char *size = g_format_size ((guint64) st->st_size);
      g_autofree char *max = g_format_size ((guint64) max_size);

      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                   _("%s is too large (%s; at most %s is plausible)"), path, size, max);
      return FALSE;
    }
  return TRUE;
}

int
nn_file_open_regular (const char  *path,
                      goffset      max_size,
                      goffset     *size,
                      GError     **error)
{
  struct stat st;
  int fd, flags;

  g_return_val_if_fail (path != NULL, -1);

  /* O_NONBLOCK: opening a FIFO would otherwise wait for a writer, forever */
  fd = g_open (path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK, 0);
  if (fd < 0)
    {
      set_errno_error (error, errno, _("Could not open %s: %s"), path);
      return -1;
    }
  if (fstat (fd, &st) != 0)
    {
      set_errno_error (error, errno, _("Could not read %s: %s"), path);
      close (fd);
      return -1;
    }
  if (!check_regular (&st, path, max_size, error))
    {
      close (fd);
      return -1;
    }
  flags = fcntl (fd, F_GETFL);
  if (flags >= 0)
    fcntl (fd, F_SETFL, flags & ~O_NONBLOCK);
  *size = st.st_size;
  return fd;
}

gboolean
nn_file_read_regular (const char  *path,
                      gsize        max_size,
                      char       **contents,
                      gsize       *length,
                      GError     **error)
{
  g_autofree char *buf = NULL;
  goffset size;
  gsize done = 0;
  int fd = nn_file_open_regular (path, (goffset) MIN (max_size, (gsize) G_MAXOFFSET), &size,
                                 error);

  if (fd < 0)
    return FALSE;
  buf = g_try_malloc ((gsize) size + 1);
  if (buf == NULL)
    {
      close (fd);
      return set_errno_error (error, ENOMEM, _("Could not read %s: %s"), path);
    }
  while (done < (gsize) size)
    {
      gssize got = read (fd, buf + done, (gsize) size - done);

      if (got < 0 && errno == EINTR)
        continue;
      if (got < 0)
        {
          int saved = errno;

          close (fd);
          return set_errno_error (error, saved, _("Could not read %s: %s"), path);
        }
      if (got == 0)
        break;   /* it shrank since fstat: what is there is the file */
      done += (gsize) got;
    }
  close (fd);
  buf[done] = '\0';
  *contents = g_steal_pointer (&buf);
  *length = done;
  return TRUE;
}

static gboolean
is_our_temporary (const char *name)
{
  gsize len = strlen (name);
  gsize tail = strlen (TMP_MARK) + TMP_RANDOM;

  if (name[0] != '.' || len <= 1 + tail || strncmp (name + len - tail, TMP_MARK,
                                                    strlen (TMP_MARK)) != 0)
    return FALSE;
  for (const char *p = name + len - TMP_RANDOM; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p))
      return FALSE;
  return TRUE;
}

/* Deletes the temporaries of ours in dir that no save is writing: a writer holds a lock on
 * its temporary until it is renamed, so one we can lock was left by a killed save. */
static void
remove_stale_temporaries (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = NULL;
      struct stat st;
      int fd;

      if (!is_our_temporary (name))
        continue;
      path = g_build_filename (dir, name, NULL);
      fd = g_open (path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY, 0);
      if (fd < 0)
        continue;
      if (fstat (fd, &st) == 0 && S_ISREG (st.st_mode) && flock (fd, LOCK_EX | LOCK_NB) == 0)
        g_unlink (path);
      close (fd);
    }
}

/* A new temporary beside the target, locked; NULL with errno set when none can be made. */
static char *
open_temporary (const char *dir,
                const char *base,
                int        *fd_out)
{
  for (int attempt = 0; attempt < TMP_ATTEMPTS; attempt++)
    {
      g_autofree char *tmpl = g_strdup_printf ("%s%c.%s" TMP_MARK "XXXXXX", dir,
                                               G_DIR_SEPARATOR, base);
      struct stat st;
      int fd = g_mkstemp_full (tmpl, O_WRONLY | O_CLOEXEC, 0666);

      if (fd < 0)
        return NULL;
      /* Another save's clean-up may have taken the file in the instant before the lock; it
       * then has no name left.  (Without locks on this file system, go on unlocked.) */
      if (flock (fd, LOCK_EX) != 0 || (fstat (fd, &st) == 0 && st.st_nlink > 0))
        {
          *fd_out = fd;
          return g_steal_pointer (&tmpl);
        }
      close (fd);
    }
  errno = EAGAIN;
  return NULL;
}

static gboolean
write_all (int         fd,
           const void *data,
           gsize       len)
{
  const guint8 *p = data;

  while (len > 0)
    {
      gssize done = write (fd, p, len);

      if (done < 0 && errno == EINTR)
        continue;
      if (done < 0)
        return FALSE;
      p += done;
      len -= (gsize) done;
    }
  return TRUE;
}

/* A rename is on the disk once its folder is; best effort, as not every file system can */
static void
sync_folder (const char *dir)
{
  int fd = g_open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0);

  if (fd < 0)
    return;
  fsync (fd);
  close (fd);
}

gboolean
nn_file_replace (const char  *path,
                 const void  *data,
                 gsize        len,
                 GError     **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *base = g_path_get_basename (path);
  g_autofree char *tmp = NULL;
  int fd = -1;
  int saved;

  g_return_val_if_fail (path != NULL && (data != NULL || len == 0), FALSE);

  remove_stale_temporaries (dir);
  tmp = open_temporary (dir, base, &fd);
  if (tmp == NULL)
    {
      saved = errno;
      if (saved == ENOENT)
        {
          g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT,
                       _("Could not save %s: the folder %s does not exist"), path, dir);
          return FALSE;
        }
      return set_errno_error (error, saved, _("Could not save %s: %s"), path);
    }
  if (write_all (fd, data, len) && fsync (fd) == 0 && g_rename (tmp, path) == 0)
    {
      close (fd);   /* after the rename: the lock kept the temporary ours until then */
      sync_folder (dir);
      return TRUE;
    }
  saved = errno;
  g_unlink (tmp);
  close (fd);
  return set_errno_error (error, saved, _("Could not save %s: %s"), path);
}
