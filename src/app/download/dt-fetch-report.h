/* SPDX-License-Identifier: GPL-3.0-or-later */
/* dt-fetch-report.h — what the download is doing, and why a source failed, in words a
 * learner can act on
 *
 * DtFetchProgress is the download's state as the window shows it.  Every source the
 * download tries and gives up on becomes a DtFetchAttempt: which URL, which file, and the
 * kind of problem (offline, proxy, secure connection, the server's answer, checksum,
 * format) with the underlying message.
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef enum
{
  DT_FETCH_PHASE_IDLE,
  DT_FETCH_PHASE_CHECKING,      /* hashing the files already in the folder */
  DT_FETCH_PHASE_CONNECTING,
  DT_FETCH_PHASE_DOWNLOADING,
  DT_FETCH_PHASE_VERIFYING,     /* unpacking and hashing what arrived */
  DT_FETCH_PHASE_INSTALLING,    /* renaming the verified files into place */
  DT_FETCH_PHASE_DONE,
} DtFetchPhase;

typedef struct
{
  DtFetchPhase  phase;
  const char   *source;      /* the URL being read, or NULL */
  const char   *file;        /* what is being downloaded (NAME.gz, the tarball), or NULL */
  gboolean      archive;     /* file is the tarball that holds every missing file */
  guint         n_done;      /* files verified in this run … */
  guint         n_files;     /* … of the files this run must fetch */
  goffset       bytes;       /* received from source for this download */
  goffset       total;       /* its length, or -1 when the server did not say */
  goffset       bytes_all;   /* received in this run, from every source */
  double        fraction;    /* of the whole run, 0…1 */
} DtFetchProgress;

/* "File 1 of 4: train-images-idx3-ubyte.gz — 3.1 MB of 9.9 MB from storage.googleapis.com"
 * and the like for each phase (translated). */
char           *dt_fetch_progress_format     (const DtFetchProgress *progress);
/* The host (with its port when it is not the default) of url, or url itself. */
char           *dt_fetch_source_name         (const char           *url);

typedef enum
{
  DT_FETCH_PROBLEM_OFFLINE,    /* the host cannot be resolved or reached, or stopped answering */
  DT_FETCH_PROBLEM_PROXY,      /* the proxy refused, failed or wants a password */
  DT_FETCH_PROBLEM_TLS,        /* the secure connection failed (certificate, TLS) */
  DT_FETCH_PROBLEM_HTTP,       /* the server answered, but not with the file */
  DT_FETCH_PROBLEM_CHECKSUM,   /* the file arrived but is not MNIST's: refused */
  DT_FETCH_PROBLEM_FORMAT,     /* not gzip, not a tarball, or the file is not in it */
} DtFetchProblem;

typedef struct
{
  char           *source;    /* the URL */
  char           *file;      /* the file asked for, or NULL when the whole source failed */
  DtFetchProblem  problem;
  char           *detail;    /* the underlying message */
} DtFetchAttempt;

/* What kind of problem a libsoup, GIO, TLS or DT_FETCH_ERROR error is. */
DtFetchProblem  dt_fetch_problem_from_error  (const GError         *error);
/* "offline", "proxy", … (translated) */
const char     *dt_fetch_problem_to_string   (DtFetchProblem        problem);
/* TRUE for problems that will not go away for the next file from the same host. */
gboolean        dt_fetch_problem_is_host_wide (DtFetchProblem       problem);

DtFetchAttempt *dt_fetch_attempt_new         (const char           *source,
                                              const char           *file,
                                              const GError         *error);
void            dt_fetch_attempt_free        (DtFetchAttempt       *attempt);

/* One line per attempt: "• URL — offline or unreachable: detail".  Empty when there were
 * none. */
char           *dt_fetch_attempts_format     (GPtrArray            *attempts);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DtFetchAttempt, dt_fetch_attempt_free)

G_END_DECLS
