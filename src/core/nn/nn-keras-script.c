/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "nn-keras-script"

#include "config.h"

#include "nn-keras-script.h"

#include "nn-npz.h"

#define NUM(v) nn_typed_decimal_text ((v), buf, sizeof buf)

/* A Python string literal: the path between single quotes, with \ and ' escaped. */
static void
append_py_string (GString    *s,
                  const char *text)
{
  g_string_append_c (s, '\'');
  for (const char *c = text; *c != '\0'; c++)
    {
      if (*c == '\\' || *c == '\'')
        g_string_append_c (s, '\\');
      if ((guchar) *c < 0x20)
        g_string_append_printf (s, "\\x%02x", (guchar) *c);
      else
        g_string_append_c (s, *c);
    }
  g_string_append_c (s, '\'');
}

static void
append_imports (GString             *s,
                const NnKerasScript *k,
                gboolean             k3)
{
  g_string_append_printf (s, "import numpy as np\n");
  if (k3)
    g_string_append_printf (s, "import keras\nkeras.utils.set_random_seed(%" G_GUINT64_FORMAT
                            ")  # for reproducibility\n", k->config->seed);
  else
    g_string_append_printf (s, "np.random.seed(%" G_GUINT64_FORMAT
                            ")  # for reproducibility\n", k->config->seed);
  g_string_append_printf (s, "from keras.datasets import %s\n", k->dataset);
  g_string_append (s, k3 ? "from keras.utils import to_categorical\n"
                         : "from keras.utils import np_utils\n");
  g_string_append (s, "from keras.models import Sequential\n");
  g_string_append (s, k3 ? "from keras.layers import Dense, Activation, Input\n"
                         : "from keras.layers import Dense, Activation\n");
  g_string_append (s, "from keras.optimizers import RMSprop\n");
  if (k->patience >= 0)
    g_string_append (s, "from keras.callbacks import EarlyStopping\n");
}

static void
append_data (GString             *s,
             const NnKerasScript *k,
             gboolean             k3)
{
  const char *cat = k3 ? "to_categorical" : "np_utils.to_categorical";

  g_string_append_printf (s, "\n(X_train, y_train), (X_test, y_test) = %s.load_data()\n",
                          k->dataset);
  if (k->train_samples > 0)
    g_string_append_printf (s, "X_train, y_train = X_train[:%zu], y_train[:%zu]\n",
                            k->train_samples, k->train_samples);
  g_string_append_printf (s,
    "\n# data pre-processing\n"
    "X_train = X_train.reshape(X_train.shape[0], -1) / 255.   # normalize\n"
    "X_test = X_test.reshape(X_test.shape[0], -1) / 255.      # normalize\n"
    "y_train = %s(y_train, num_classes=10)\n"
    "y_test = %s(y_test, num_classes=10)\n", cat, cat);
}

static void
append_model (GString             *s,
              const NnKerasScript *k,
              gboolean             k3)
{
  const NnHyper *h = &k->config->hyper;
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  g_string_append (s, "\nmodel = Sequential([\n");
  if (k3)
    g_string_append_printf (s, "    Input(shape=(784,)),\n    Dense(%d),\n", k->config->n_hidden);
  else
    g_string_append_printf (s, "    Dense(%d, input_dim=784),\n", k->config->n_hidden);
  g_string_append (s, "    Activation('relu'),\n    Dense(10),\n    Activation('softmax'),\n"
                      "])\n\n");
  g_string_append_printf (s, "rmsprop = RMSprop(%s=%s, ", k3 ? "learning_rate" : "lr", NUM (h->lr));
  g_string_append_printf (s, "rho=%s, ", NUM (h->rho));
  g_string_append_printf (s, "epsilon=%s", NUM (h->epsilon));
  if (!k3)
    g_string_append_printf (s, ", decay=%s", h->decay == 0.0f ? "0.0" : NUM (h->decay));
  g_string_append (s, ")\n\nmodel.compile(optimizer=rmsprop,\n"
                      "              loss='categorical_crossentropy',\n"
                      "              metrics=['accuracy'])\n");
}

static void
append_fit (GString             *s,
            const NnKerasScript *k,
            gboolean             k3)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  g_string_append (s, "\n# Weights exported by Digit Trainer (--export-npz), in get_weights() "
                      "order;\n# None trains here instead.\nNPZ = ");
  if (k->npz_path != NULL)
    append_py_string (s, k->npz_path);
  else
    g_string_append (s, "None");
  g_string_append_printf (s, "\nif NPZ is not None:\n"
                             "    weights = np.load(NPZ)\n"
                             "    model.set_weights([weights['%s'], weights['%s'],\n"
                             "                       weights['%s'], weights['%s']])\n"
                             "else:\n"
                             "    print('Training ------------')\n"
                             "    model.fit(X_train, y_train, epochs=%d, batch_size=%d",
                          nn_npz_names[0], nn_npz_names[1], nn_npz_names[2], nn_npz_names[3],
                          k->epochs, k->config->batch_size);
  if (!k->config->shuffle)
    g_string_append (s, ", shuffle=False");
  if (k->validation_split > 0)
    g_string_append_printf (s, ",\n              validation_split=%s",
                            NUM ((float) k->validation_split));
  if (k->patience >= 0)
    g_string_append_printf (s, ",\n              callbacks=[EarlyStopping(monitor='val_loss', "
                               "patience=%d%s)]", k->patience,
                            k3 ? ", restore_best_weights=True" : "");
  g_string_append (s, ")\n");
}

char *
nn_keras_script (const NnKerasScript *k)
{
  GString *s = g_string_new (NULL);
  gboolean k3 = k->config->hyper.form == NN_KERAS_3;

  g_string_append_printf (s, "# The Keras MNIST lesson with Digit Trainer's settings "
                             "(Keras %d spelling).\n", k3 ? 3 : 2);
  if (k->patience >= 0 && !k3)
    g_string_append (s, "# Keras 2.0.8's EarlyStopping cannot restore the best weights "
                        "(restore_best_weights=True\n# needs Keras >= 2.2.3); Digit Trainer "
                        "restores them.\n");
  append_imports (s, k, k3);
  append_data (s, k, k3);
  append_model (s, k, k3);
  append_fit (s, k, k3);
  g_string_append (s, "\nprint('\\nTesting ------------')\n"
                      "loss, accuracy = model.evaluate(X_test, y_test)\n\n"
                      "print('test loss: ', loss)\n"
                      "print('test accuracy: ', accuracy)\n");
  return g_string_free (s, FALSE);
}
