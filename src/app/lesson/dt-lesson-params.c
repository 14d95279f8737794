/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dt-lesson"

#include "config.h"

#include "dt-lesson-params.h"

#include <glib/gi18n.h>

#define LESSON_LR        0.001
#define LESSON_RHO       0.9
#define LESSON_EPSILON   1e-8
#define LESSON_DECAY     0.0
#define LESSON_BATCH     32
#define LESSON_EPOCHS    2
#define LESSON_HIDDEN    32
#define LESSON_SEED      1337
#define LESSON_KERAS     2

void
dt_lesson_params_init_defaults (DtLessonParams *params)
{
  g_return_if_fail (params != NULL);
  *params = (DtLessonParams) { LESSON_LR, LESSON_RHO, LESSON_EPSILON, LESSON_DECAY,
                               LESSON_BATCH, LESSON_EPOCHS, LESSON_HIDDEN, LESSON_SEED,
                               LESSON_KERAS };
}

/* %g in the C locale: 0.001, 1e-08, 0.95 */
static char *
number (double value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  return g_strdup (g_ascii_formatd (buf, sizeof buf, "%g", value));
}

static void
append_item (GString    *s,
             const char *name,
             char       *value)
{
  g_string_append_printf (s, "%s%s %s", s->len > 0 ? " · " : "", name, value);
  g_free (value);
}

char *
dt_lesson_params_describe (const DtLessonParams *params,
                           const char *const    *changes)
{
  DtLessonParams lesson;
  GString *s = g_string_new (NULL);

  g_return_val_if_fail (params != NULL, NULL);

  dt_lesson_params_init_defaults (&lesson);
  if (params->fashion)
    g_string_append (s, "Fashion-MNIST");
  if (params->keras_version != lesson.keras_version)
    append_item (s, "Keras", g_strdup_printf ("%d", params->keras_version));
  if (params->lr != lesson.lr)
    append_item (s, "lr", number (params->lr));
  if (params->rho != lesson.rho)
    append_item (s, "ρ", number (params->rho));
  if (params->epsilon != lesson.epsilon)
    append_item (s, "ε", number (params->epsilon));
  if (params->decay != lesson.decay)
    append_item (s, "decay", number (params->decay));
  /* Translators: a run's label: its batch size (keep short) */
  if (params->batch_size != lesson.batch_size)
    append_item (s, C_("run label", "batch"), g_strdup_printf ("%d", params->batch_size));
  /* Translators: a run's label: its number of hidden units (keep short) */
  if (params->hidden_units != lesson.hidden_units)
    append_item (s, C_("run label", "hidden"), g_strdup_printf ("%d", params->hidden_units));
  /* Translators: a run's label: its random seed (keep short) */
  if (params->seed != lesson.seed)
    append_item (s, C_("run label", "seed"),
                 g_strdup_printf ("%" G_GUINT64_FORMAT, params->seed));
  /* Translators: a run's label: it trained on the first N samples only (keep short) */
  if (params->train_samples > 0)
    append_item (s, C_("run label", "samples"), g_strdup_printf ("%d", params->train_samples));
  /* Translators: a run's label: the share of samples held out for validation (keep short) */
  if (params->validation_split > 0)
    append_item (s, C_("run label", "val"), number (params->validation_split));
  /* Translators: a run's label: early stopping's patience in epochs (keep short) */
  if (params->patience > 0)
    append_item (s, C_("run label", "patience"), g_strdup_printf ("%d", params->patience));
  if (s->len == 0)
    /* Translators: the label of a run with every setting of the Keras lesson */
    g_string_append (s, _("lesson defaults"));
  for (guint i = 0; changes != NULL && changes[i] != NULL; i++)
    /* Translators: a run's label, then a change made while it trained, e.g. "lr → 0.01" */
    g_string_append_printf (s, i == 0 ? _(", then %s") : ", %s", changes[i]);
  return g_string_free (s, FALSE);
}

char **
dt_lesson_params_to_strv (const DtLessonParams *params)
{
  const struct { const char *name; double value; } real[] = {
    { "lr", params->lr }, { "rho", params->rho }, { "epsilon", params->epsilon },
    { "decay", params->decay },
  };
  GPtrArray *items = g_ptr_array_new ();

  for (guint i = 0; i < G_N_ELEMENTS (real); i++)
    {
      g_autofree char *value = number (real[i].value);

      g_ptr_array_add (items, g_strconcat (real[i].name, "=", value, NULL));
    }
  g_ptr_array_add (items, g_strdup_printf ("batch_size=%d", params->batch_size));
  g_ptr_array_add (items, g_strdup_printf ("epochs=%d", params->epochs));
  g_ptr_array_add (items, g_strdup_printf ("hidden_units=%d", params->hidden_units));
  g_ptr_array_add (items, g_strdup_printf ("seed=%" G_GUINT64_FORMAT, params->seed));
  g_ptr_array_add (items, g_strdup_printf ("keras=%d", params->keras_version));
  g_ptr_array_add (items, g_strdup (params->fashion ? "dataset=fashion" : "dataset=mnist"));
  g_ptr_array_add (items, g_strdup_printf ("train_samples=%d", params->train_samples));
  {
    g_autofree char *split = number (params->validation_split);

    g_ptr_array_add (items, g_strconcat ("validation_split=", split, NULL));
  }
  g_ptr_array_add (items, g_strdup_printf ("early_stopping=%d", params->patience));
  g_ptr_array_add (items, NULL);
  return (char **) g_ptr_array_free (items, FALSE);
}
