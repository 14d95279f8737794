/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dt-download"

#include "config.h"

#include "dt-fetch-http.h"

#include <glib/gi18n.h>

#include "dt-fetch-verify.h"

#define CHUNK_SIZE     (64 * 1024)
#define IO_TIMEOUT_S   30

typedef struct
{
  SoupSession     *session;
  SoupMessage     *msg;
  GInputStream    *in;
  GOutputStream   *out;
  GFile           *file;
  GBytes          *chunk;
  goffset          limit;
  goffset          bytes;
  goffset          total;
  DtFetchReceived  received;
  gpointer         received_data;
  GError          *refused;      /* the source's fault, handed to the caller */
} Download;

static void
download_free (gpointer data)
{
  Download *dl = data;

  g_clear_object (&dl->session);
  g_clear_object (&dl->msg);
  g_clear_object (&dl->in);
  g_clear_object (&dl->out);
  g_clear_object (&dl->file);
  g_clear_pointer (&dl->chunk, g_bytes_unref);
  g_clear_error (&dl->refused);
  g_free (dl);
}

SoupSession *
dt_fetch_session_new (void)
{
  SoupSession *session = soup_session_new_with_options (
    "user-agent", "digit-trainer/" PACKAGE_VERSION " ",
    "timeout", IO_TIMEOUT_S,
    NULL);

  /* the .gz files are wanted as they are; a server that labels them Content-Encoding:
   * gzip must not have them unpacked on the way */
  soup_session_remove_feature_by_type (session, SOUP_TYPE_CONTENT_DECODER);
  return session;
}

/* Ends the download: success, the source refused (refused set), or a local error. */
static void
download_end (GTask  *task,
              GError *error)
{
  Download *dl = g_task_get_task_data (task);

  g_clear_object (&dl->in);
  if (dl->out != NULL)
    g_output_stream_close (dl->out, NULL, NULL);
  g_clear_object (&dl->out);
  if (error != NULL || dl->refused != NULL)
    g_file_delete (dl->file, NULL, NULL);
  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, dl->refused == NULL);
  g_object_unref (task);
}

/* Network errors blame the source; cancellation stops everything. */
static void
download_refused (GTask  *task,
                  GError *error)
{
  Download *dl = g_task_get_task_data (task);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      download_end (task, error);
      return;
    }
  dl->refused = error;
  download_end (task, NULL);
}

static void read_next (GTask *task);

static void
written_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  GTask *task = user_data;
  Download *dl = g_task_get_task_data (task);
  GError *error = NULL;

  g_clear_pointer (&dl->chunk, g_bytes_unref);
  if (!g_output_stream_write_all_finish (G_OUTPUT_STREAM (source), result, NULL, &error))
    {
      download_end (task, error);
      return;
    }
  if (dl->received != NULL)
    dl->received (dl->bytes, dl->total, dl->received_data);
  read_next (task);
}

static void
read_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  GTask *task = user_data;
  Download *dl = g_task_get_task_data (task);
  GError *error = NULL;
  GBytes *chunk = g_input_stream_read_bytes_finish (G_INPUT_STREAM (source), result, &error);
  gsize size;

  if (chunk == NULL)
    {
      download_refused (task, error);
      return;
    }
  size = g_bytes_get_size (chunk);
  if (size == 0)
    {
      g_bytes_unref (chunk);
      download_end (task, NULL);
      return;
    }
  dl->bytes += size;
  if (dl->bytes > dl->limit)
    {
      g_autofree char *limit = g_format_size_full (dl->limit, G_FORMAT_SIZE_LONG_FORMAT);

      g_bytes_unref (chunk);
      /* TRANSLATORS: %s is a size, such as "11.5 MB (11,496,804 bytes)" */
      download_refused (task, g_error_new (DT_FETCH_ERROR, DT_FETCH_ERROR_FORMAT,
                                           _("The answer is longer than %s, more than the file "
                                             "can be"), limit));
      return;
    }
  dl->chunk = chunk;
  g_output_stream_write_all_async (dl->out, g_bytes_get_data (chunk, NULL), size,
                                   G_PRIORITY_DEFAULT, g_task_get_cancellable (task),
                                   written_cb, task);
}

static void
read_next (GTask *task)
{
  Download *dl = g_task_get_task_data (task);

  g_input_stream_read_bytes_async (dl->in, CHUNK_SIZE, G_PRIORITY_DEFAULT,
                                   g_task_get_cancellable (task), read_cb, task);
}

static void
created_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  GTask *task = user_data;
  Download *dl = g_task_get_task_data (task);
  GError *error = NULL;
  GFileOutputStream *out = g_file_create_finish (G_FILE (source), result, &error);

  if (out == NULL)
    {
      download_end (task, error);
      return;
    }
  dl->out = G_OUTPUT_STREAM (out);
  if (dl->received != NULL)
    dl->received (0, dl->total, dl->received_data);
  read_next (task);
}

/* An answer that is not the file: a proxy that wants a password, or any error status. */
static GError *
status_error (SoupMessage *msg)
{
  SoupStatus status = soup_message_get_status (msg);
  const char *reason = soup_message_get_reason_phrase (msg);

  if (status == SOUP_STATUS_PROXY_AUTHENTICATION_REQUIRED)
    return g_error_new (DT_FETCH_ERROR, DT_FETCH_ERROR_PROXY,
                        _("The proxy wants a user name and password (HTTP %u)"), status);
  return g_error_new (DT_FETCH_ERROR, DT_FETCH_ERROR_HTTP, _("The server answered HTTP %u %s"),
                      status, reason != NULL ? reason : "");
}

static void
sent_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  GTask *task = user_data;
  Download *dl = g_task_get_task_data (task);
  GError *error = NULL;
  SoupMessageHeaders *headers;

  dl->in = soup_session_send_finish (SOUP_SESSION (source), result, &error);
  if (dl->in == NULL)
    {
      download_refused (task, error);
      return;
    }
  if (!SOUP_STATUS_IS_SUCCESSFUL (soup_message_get_status (dl->msg)))
    {
      download_refused (task, status_error (dl->msg));
      return;
    }
  headers = soup_message_get_response_headers (dl->msg);
  if (soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CONTENT_LENGTH)
    dl->total = soup_message_headers_get_content_length (headers);
  g_file_create_async (dl->file, G_FILE_CREATE_PRIVATE, G_PRIORITY_DEFAULT,
                       g_task_get_cancellable (task), created_cb, task);
}

void
dt_fetch_download_async (SoupSession         *session,
                         const char          *url,
                         const char          *path,
                         goffset              limit,
                         GCancellable        *cancellable,
                         DtFetchReceived      received,
                         gpointer             received_data,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  GTask *task;
  Download *dl;

  g_return_if_fail (SOUP_IS_SESSION (session));
  g_return_if_fail (url != NULL && path != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, dt_fetch_download_async);
  dl = g_new0 (Download, 1);
  dl->session = g_object_ref (session);
  dl->file = g_file_new_for_path (path);
  dl->limit = limit;
  dl->total = -1;
  dl->received = received;
  dl->received_data = received_data;
  g_task_set_task_data (task, dl, download_free);

  dl->msg = soup_message_new (SOUP_METHOD_GET, url);
  if (dl->msg == NULL)
    {
      dl->refused = g_error_new (DT_FETCH_ERROR, DT_FETCH_ERROR_FORMAT,
                                 _("“%s” is not a web address"), url);
      g_task_return_boolean (task, FALSE);
      g_object_unref (task);
      return;
    }
  soup_session_send_async (session, dl->msg, G_PRIORITY_DEFAULT, cancellable, sent_cb, task);
}

gboolean
dt_fetch_download_finish (GAsyncResult  *result,
                          GError       **refused,
                          GError       **error)
{
  Download *dl;

  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  dl = g_task_get_task_data (G_TASK (result));
  if (g_task_propagate_boolean (G_TASK (result), error))
    return TRUE;
  if (dl->refused != NULL)
    g_propagate_error (refused, g_steal_pointer (&dl->refused));
  return FALSE;
}
