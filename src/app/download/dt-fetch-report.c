/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dt-download"

#include "config.h"

#include "dt-fetch-report.h"

#include <glib/gi18n.h>
#include <libsoup/soup.h>

#include "dt-fetch-verify.h"

static DtFetchProblem
problem_from_io_error (int code)
{
  switch (code)
    {
    case G_IO_ERROR_PROXY_FAILED:
    case G_IO_ERROR_PROXY_AUTH_FAILED:
    case G_IO_ERROR_PROXY_NEED_AUTH:
    case G_IO_ERROR_PROXY_NOT_ALLOWED:
      return DT_FETCH_PROBLEM_PROXY;
    case G_IO_ERROR_INVALID_DATA:
      return DT_FETCH_PROBLEM_FORMAT;
    default:
      /* refused, unreachable, timed out, closed mid-way: the network is not there */
      return DT_FETCH_PROBLEM_OFFLINE;
    }
}

DtFetchProblem
dt_fetch_problem_from_error (const GError *error)
{
  g_return_val_if_fail (error != NULL, DT_FETCH_PROBLEM_OFFLINE);

  if (error->domain == DT_FETCH_ERROR)
    {
      switch (error->code)
        {
        case DT_FETCH_ERROR_CHECKSUM:
          return DT_FETCH_PROBLEM_CHECKSUM;
        case DT_FETCH_ERROR_PROXY:
          return DT_FETCH_PROBLEM_PROXY;
        case DT_FETCH_ERROR_HTTP:
          return DT_FETCH_PROBLEM_HTTP;
        default:
          return DT_FETCH_PROBLEM_FORMAT;
        }
    }
  if (error->domain == G_TLS_ERROR)
    return DT_FETCH_PROBLEM_TLS;
  if (error->domain == SOUP_SESSION_ERROR)
    return DT_FETCH_PROBLEM_HTTP;
  if (error->domain == G_IO_ERROR)
    return problem_from_io_error (error->code);
  /* G_RESOLVER_ERROR and anything else on the way to the host */
  return DT_FETCH_PROBLEM_OFFLINE;
}

const char *
dt_fetch_problem_to_string (DtFetchProblem problem)
{
  switch (problem)
    {
    case DT_FETCH_PROBLEM_OFFLINE:
      return _("offline or unreachable");
    case DT_FETCH_PROBLEM_PROXY:
      return _("proxy problem");
    case DT_FETCH_PROBLEM_TLS:
      return _("secure connection failed");
    case DT_FETCH_PROBLEM_HTTP:
      return _("the server did not send the file");
    case DT_FETCH_PROBLEM_CHECKSUM:
      return _("checksum mismatch, file refused");
    case DT_FETCH_PROBLEM_FORMAT:
    default:
      return _("unusable file");
    }
}

gboolean
dt_fetch_problem_is_host_wide (DtFetchProblem problem)
{
  return problem == DT_FETCH_PROBLEM_OFFLINE || problem == DT_FETCH_PROBLEM_PROXY ||
         problem == DT_FETCH_PROBLEM_TLS;
}

DtFetchAttempt *
dt_fetch_attempt_new (const char   *source,
                      const char   *file,
                      const GError *error)
{
  DtFetchAttempt *attempt;

  g_return_val_if_fail (source != NULL && error != NULL, NULL);

  attempt = g_new0 (DtFetchAttempt, 1);
  attempt->source = g_strdup (source);
  attempt->file = g_strdup (file);
  attempt->problem = dt_fetch_problem_from_error (error);
  attempt->detail = g_strdup (error->message);
  return attempt;
}

void
dt_fetch_attempt_free (DtFetchAttempt *attempt)
{
  if (attempt == NULL)
    return;
  g_free (attempt->source);
  g_free (attempt->file);
  g_free (attempt->detail);
  g_free (attempt);
}

char *
dt_fetch_attempts_format (GPtrArray *attempts)
{
  g_autoptr(GString) text = g_string_new (NULL);

  g_return_val_if_fail (attempts != NULL, NULL);

  for (guint i = 0; i < attempts->len; i++)
    {
      const DtFetchAttempt *a = g_ptr_array_index (attempts, i);

      if (text->len > 0)
        g_string_append_c (text, '\n');
      /* TRANSLATORS: one source that failed, as an item of a list: its address, the kind
       * of problem, the message */
      g_string_append_printf (text, _("• %s — %s: %s"), a->source,
                              dt_fetch_problem_to_string (a->problem), a->detail);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

char *
dt_fetch_source_name (const char *url)
{
  g_autoptr(GUri) uri = NULL;
  int port;

  g_return_val_if_fail (url != NULL, NULL);

  uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL || g_uri_get_host (uri) == NULL)
    return g_strdup (url);
  port = g_uri_get_port (uri);
  if (port < 0 || (port == 443 && g_strcmp0 (g_uri_get_scheme (uri), "https") == 0) ||
      (port == 80 && g_strcmp0 (g_uri_get_scheme (uri), "http") == 0))
    return g_strdup (g_uri_get_host (uri));
  return g_strdup_printf ("%s:%d", g_uri_get_host (uri), port);
}

/* "3.1 MB of 9.9 MB", or "3.1 MB" when the length is unknown */
static char *
format_amount (const DtFetchProgress *p)
{
  g_autofree char *bytes = g_format_size (p->bytes);
  g_autofree char *total = NULL;

  if (p->total < 0)
    return g_steal_pointer (&bytes);
  total = g_format_size (p->total);
  /* TRANSLATORS: bytes received "of" the file's size, e.g. "3.1 MB of 9.9 MB" */
  return g_strdup_printf (_("%s of %s"), bytes, total);
}

char *
dt_fetch_progress_format (const DtFetchProgress *p)
{
  g_autofree char *host = NULL;
  g_autofree char *amount = NULL;

  g_return_val_if_fail (p != NULL, NULL);

  host = p->source != NULL ? dt_fetch_source_name (p->source) : NULL;
  switch (p->phase)
    {
    case DT_FETCH_PHASE_CHECKING:
      return g_strdup (_("Checking the files already there…"));
    case DT_FETCH_PHASE_CONNECTING:
      /* TRANSLATORS: %s is a host name such as storage.googleapis.com */
      return g_strdup_printf (_("Connecting to %s…"), host);
    case DT_FETCH_PHASE_DOWNLOADING:
      amount = format_amount (p);
      if (p->archive)
        /* TRANSLATORS: the npm tarball's name, how many files it brings, "3.1 MB of 9.9 MB",
         * a host name */
        return g_strdup_printf (ngettext ("%s (%u file) — %s from %s",
                                          "%s (%u files) — %s from %s",
                                          p->n_files - p->n_done),
                                p->file, p->n_files - p->n_done, amount, host);
      /* TRANSLATORS: file 1 of 4: its name — "3.1 MB of 9.9 MB" — from a host name */
      return g_strdup_printf (_("File %u of %u: %s — %s from %s"), MIN (p->n_done + 1,
                              p->n_files), p->n_files, p->file, amount, host);
    case DT_FETCH_PHASE_VERIFYING:
      /* TRANSLATORS: %s is a file name such as train-images-idx3-ubyte.gz */
      return g_strdup_printf (_("Checking the SHA-256 of what %s holds…"), p->file);
    case DT_FETCH_PHASE_INSTALLING:
      return g_strdup (_("Moving the verified files into place…"));
    case DT_FETCH_PHASE_DONE:
      return g_strdup (_("MNIST is ready."));
    case DT_FETCH_PHASE_IDLE:
    default:
      return g_strdup ("");
    }
}
