/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dt-download"

#include "config.h"

#include "dt-fetch-verify.h"

#include <archive.h>
#include <archive_entry.h>
#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#define CHUNK_SIZE (64 * 1024)

G_DEFINE_QUARK (dt-fetch-error-quark, dt_fetch_error)

/* A raw file being written: its descriptor, running checksum and size so far. */
typedef struct
{
  int                fd;
  char              *path;
  GChecksum         *sum;
  goffset            n;
  const DtMnistFile *file;
} Sink;

static gboolean
sink_open (Sink              *sink,
           const char        *path,
           const DtMnistFile *file,
           GError           **error)
{
  int saved;

  memset (sink, 0, sizeof *sink);
  /* O_EXCL: the work folder is ours alone; never write through something put there */
  sink->fd = g_open (path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (sink->fd < 0)
    {
      saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Could not create %s: %s"), path, g_strerror (saved));
      return FALSE;
    }
  sink->path = g_strdup (path);
  sink->sum = g_checksum_new (G_CHECKSUM_SHA256);
  sink->file = file;
  return TRUE;
}

/* Closes and removes what was written: nothing unverified stays behind. */
static void
sink_abort (Sink *sink)
{
  if (sink->fd >= 0)
    g_close (sink->fd, NULL);
  sink->fd = -1;
  if (sink->path != NULL)
    g_unlink (sink->path);
  g_clear_pointer (&sink->path, g_free);
  g_clear_pointer (&sink->sum, g_checksum_free);
}

static gboolean
sink_write (Sink        *sink,
            const void  *data,
            gsize        len,
            GError     **error)
{
  const guint8 *p = data;
  int saved;

  if (sink->n + (goffset) len > sink->file->size)
    {
      g_autofree char *size = g_format_size_full (sink->file->size, G_FORMAT_SIZE_LONG_FORMAT);

      /* TRANSLATORS: a file name, and its size such as "47.0 MB (47,040,016 bytes)" */
      g_set_error (error, DT_FETCH_ERROR, DT_FETCH_ERROR_CHECKSUM,
                   _("%s is longer than the %s it should have (damaged or tampered)"),
                   sink->file->name, size);
      return FALSE;
    }
  g_checksum_update (sink->sum, data, len);
  sink->n += len;
  while (len > 0)
    {
      gssize done = write (sink->fd, p, len);

      if (done < 0 && errno == EINTR)
        continue;
      if (done < 0)
        {
          saved = errno;
          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                       _("Could not write %s: %s"), sink->path, g_strerror (saved));
          return FALSE;
        }
      p += done;
      len -= done;
    }
  return TRUE;
}

/* Verifies size and SHA-256, then makes the file durable; on any failure it is removed. */
static gboolean
sink_finish (Sink    *sink,
             GError **error)
{
  const char *sum = g_checksum_get_string (sink->sum);
  int saved, fd;

  if (sink->n != sink->file->size)
    {
      g_autofree char *got = g_format_size_full (sink->n, G_FORMAT_SIZE_LONG_FORMAT);
      g_autofree char *size = g_format_size_full (sink->file->size, G_FORMAT_SIZE_LONG_FORMAT);

      /* TRANSLATORS: a file name and two sizes, such as "47.0 MB (47,040,016 bytes)" */
      g_set_error (error, DT_FETCH_ERROR, DT_FETCH_ERROR_CHECKSUM,
                   _("%s has %s, not %s (damaged or tampered)"), sink->file->name, got, size);
      sink_abort (sink);
      return FALSE;
    }
  if (g_strcmp0 (sum, sink->file->sha256) != 0)
    {
      g_set_error (error, DT_FETCH_ERROR, DT_FETCH_ERROR_CHECKSUM,
                   _("The SHA-256 of %s is %s, expected %s (damaged or tampered)"),
                   sink->file->name, sum, sink->file->sha256);
      sink_abort (sink);
      return FALSE;
    }
  if (g_fsync (sink->fd) != 0)
    {
      saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Could not write %s: %s"), sink->path, g_strerror (saved));
      sink_abort (sink);
      return FALSE;
    }
  fd = sink->fd;
  sink->fd = -1;
  if (!g_close (fd, error))
    {
      sink_abort (sink);
      return FALSE;
    }
  g_clear_pointer (&sink->path, g_free);
  g_clear_pointer (&sink->sum, g_checksum_free);
  return TRUE;
}

gboolean
dt_fetch_file_is_verified (const char        *path,
                           const DtMnistFile *file,
                           GCancellable      *cancellable)
{
  g_autoptr(GFile) gfile = g_file_new_for_path (path);
  g_autoptr(GFileInputStream) in = NULL;
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autofree guint8 *buffer = g_malloc (CHUNK_SIZE);
  goffset n = 0;
  gssize got;

  g_return_val_if_fail (path != NULL && file != NULL, FALSE);

  in = g_file_read (gfile, cancellable, NULL);
  if (in == NULL)
    return FALSE;
  while ((got = g_input_stream_read (G_INPUT_STREAM (in), buffer, CHUNK_SIZE, cancellable,
                                     NULL)) > 0)
    {
      n += got;
      if (n > file->size)
        return FALSE;
      g_checksum_update (sum, buffer, got);
    }
  return got == 0 && n == file->size &&
         g_strcmp0 (g_checksum_get_string (sum), file->sha256) == 0;
}

/* A decompressor's complaint is the source's fault; anything else is ours. */
static void
blame_gzip (GError     **error,
            const char  *gz_path)
{
  if (g_error_matches (*error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA) ||
      g_error_matches (*error, G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT))
    {
      g_autofree char *base = g_path_get_basename (gz_path);
      GError *format = g_error_new (DT_FETCH_ERROR, DT_FETCH_ERROR_FORMAT,
                                    _("%s is not a valid gzip file (%s)"), base,
                                    (*error)->message);

      g_error_free (*error);
      *error = format;
    }
}

gboolean
dt_fetch_gunzip_verified (const char         *gz_path,
                          const char         *out_path,
                          const DtMnistFile  *file,
                          GCancellable       *cancellable,
                          GError            **error)
{
  g_autoptr(GFile) gfile = g_file_new_for_path (gz_path);
  g_autoptr(GFileInputStream) raw = NULL;
  g_autoptr(GConverter) gunzip = NULL;
  g_autoptr(GInputStream) in = NULL;
  g_autofree guint8 *buffer = g_malloc (CHUNK_SIZE);
  Sink sink;
  gssize got;

  g_return_val_if_fail (gz_path != NULL && out_path != NULL && file != NULL, FALSE);

  raw = g_file_read (gfile, cancellable, error);
  if (raw == NULL || !sink_open (&sink, out_path, file, error))
    return FALSE;
  gunzip = G_CONVERTER (g_zlib_decompressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP));
  in = g_converter_input_stream_new (G_INPUT_STREAM (raw), gunzip);
  while ((got = g_input_stream_read (in, buffer, CHUNK_SIZE, cancellable, error)) > 0)
    if (!sink_write (&sink, buffer, got, error))
      break;
  if (got != 0)
    {
      if (got < 0)
        blame_gzip (error, gz_path);
      sink_abort (&sink);
      return FALSE;
    }
  return sink_finish (&sink, error);
}

static void
set_archive_error (GError         **error,
                   struct archive  *a,
                   const char      *tarball_path)
{
  g_autofree char *base = g_path_get_basename (tarball_path);

  g_set_error (error, DT_FETCH_ERROR, DT_FETCH_ERROR_FORMAT, _("%s cannot be read: %s"),
               base, archive_error_string (a) != NULL ? archive_error_string (a) : "?");
}

/* The index of the wanted file this tarball entry holds, or -1. */
static int
wanted_index (struct archive_entry *entry,
              const DtMnistFile    *files,
              guint                 n_files,
              const gboolean       *done,
              GError              **errors)
{
  const char *path = archive_entry_pathname (entry);

  if (path == NULL || !g_str_has_prefix (path, DT_MNIST_TARBALL_DIR))
    return -1;
  path += strlen (DT_MNIST_TARBALL_DIR);
  for (guint i = 0; i < n_files; i++)
    if (!done[i] && errors[i] == NULL && strcmp (path, files[i].name) == 0)
      return i;
  return -1;
}

/* A refusal (DT_FETCH_ERROR) goes to *refused and the tarball may still serve the other
 * files; anything else is returned in *error. */
static gboolean
sort_error (GError  *local,
            GError **refused,
            GError **error)
{
  if (local->domain == DT_FETCH_ERROR)
    {
      *refused = local;
      return TRUE;
    }
  g_propagate_error (error, local);
  return FALSE;
}

/* Copies the current entry into work_dir/NAME through a verifying sink; *verified says
 * whether it matched, *refused why not. */
static gboolean
extract_entry (struct archive     *a,
               const char         *work_dir,
               const DtMnistFile  *file,
               gboolean           *verified,
               GError            **refused,
               GCancellable       *cancellable,
               GError            **error)
{
  g_autofree char *out_path = g_build_filename (work_dir, file->name, NULL);
  g_autofree guint8 *buffer = g_malloc (CHUNK_SIZE);
  GError *local = NULL;
  Sink sink;
  la_ssize_t got;

  if (!sink_open (&sink, out_path, file, error))
    return FALSE;
  while ((got = archive_read_data (a, buffer, CHUNK_SIZE)) > 0)
    {
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        {
          sink_abort (&sink);
          return FALSE;
        }
      /* an oversized entry is refused; libarchive skips the rest of it */
      if (!sink_write (&sink, buffer, got, &local))
        {
          sink_abort (&sink);
          return sort_error (local, refused, error);
        }
    }
  if (got < 0)
    {
      sink_abort (&sink);
      set_archive_error (error, a, out_path);
      return FALSE;
    }
  if (!sink_finish (&sink, &local))
    return sort_error (local, refused, error);
  *verified = TRUE;
  return TRUE;
}

static gboolean
read_entries (struct archive     *a,
              const char         *tarball_path,
              const char         *work_dir,
              const DtMnistFile  *files,
              guint               n_files,
              gboolean           *done,
              GError            **errors,
              GCancellable       *cancellable,
              GError            **error)
{
  struct archive_entry *entry;
  int r;

  while ((r = archive_read_next_header (a, &entry)) == ARCHIVE_OK)
    {
      int i = wanted_index (entry, files, n_files, done, errors);

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      if (i < 0)
        continue;
      if (archive_entry_filetype (entry) != AE_IFREG)
        {
          g_set_error (&errors[i], DT_FETCH_ERROR, DT_FETCH_ERROR_FORMAT,
                       _("%s%s in the tarball is not a regular file"),
                       DT_MNIST_TARBALL_DIR, files[i].name);
          continue;
        }
      if (!extract_entry (a, work_dir, &files[i], &done[i], &errors[i], cancellable, error))
        return FALSE;
    }
  if (r != ARCHIVE_EOF)
    {
      set_archive_error (error, a, tarball_path);
      return FALSE;
    }
  return TRUE;
}

gboolean
dt_fetch_extract_verified (const char         *tarball_path,
                           const char         *work_dir,
                           const DtMnistFile  *files,
                           guint               n_files,
                           gboolean           *done,
                           GError            **errors,
                           GCancellable       *cancellable,
                           GError            **error)
{
  struct archive *a;
  gboolean ok;

  g_return_val_if_fail (tarball_path != NULL && work_dir != NULL, FALSE);
  g_return_val_if_fail (files != NULL && done != NULL && errors != NULL, FALSE);

  /* only what npm publishes: a gzip'd tar; no other filter or format is attempted */
  a = archive_read_new ();
  archive_read_support_filter_gzip (a);
  archive_read_support_format_tar (a);
  ok = archive_read_open_filename (a, tarball_path, CHUNK_SIZE) == ARCHIVE_OK;
  if (!ok)
    set_archive_error (error, a, tarball_path);
  else
    ok = read_entries (a, tarball_path, work_dir, files, n_files, done, errors, cancellable,
                       error);
  archive_read_free (a);
  if (!ok)
    return FALSE;

  for (guint i = 0; i < n_files; i++)
    if (!done[i] && errors[i] == NULL)
      g_set_error (&errors[i], DT_FETCH_ERROR, DT_FETCH_ERROR_FORMAT,
                   _("The tarball has no %s%s"), DT_MNIST_TARBALL_DIR, files[i].name);
  return TRUE;
}

gboolean
dt_fetch_remove_tree (const char  *path,
                      GError     **error)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;
  int saved;

  g_return_val_if_fail (path != NULL, FALSE);

  if (g_file_test (path, G_FILE_TEST_IS_DIR) && !g_file_test (path, G_FILE_TEST_IS_SYMLINK))
    {
      dir = g_dir_open (path, 0, error);
      if (dir == NULL)
        return FALSE;
      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          if (!dt_fetch_remove_tree (child, error))
            return FALSE;
        }
    }
  if (g_remove (path) != 0 && errno != ENOENT)
    {
      saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Could not remove %s: %s"), path, g_strerror (saved));
      return FALSE;
    }
  return TRUE;
}
