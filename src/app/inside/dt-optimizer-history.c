/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dt-optimizer-history"

#include "config.h"

#include "dt-optimizer-history.h"

struct _DtOptimizerHistory
{
  GObject    parent_instance;

  GArray    *points;     /* DtOptimPoint */
  DtTrainer *trainer;
};

enum
{
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (DtOptimizerHistory, dt_optimizer_history, G_TYPE_OBJECT)

/* The CSV's column names for the layers, quantities and bands, in NnOptimStats's order. */
static const char *const quantity_names[NN_OPTIM_N_QUANTITIES] = { "step", "rms", "weight" };
static const char *const band_names[NN_OPTIM_N_BANDS] = {
  "p0", "p7", "p16", "p50", "p84", "p93", "p100",
};

static void
dt_optimizer_history_dispose (GObject *object)
{
  DtOptimizerHistory *self = DT_OPTIMIZER_HISTORY (object);

  if (self->trainer != NULL)
    g_signal_handlers_disconnect_by_data (self->trainer, self);
  g_clear_object (&self->trainer);
  G_OBJECT_CLASS (dt_optimizer_history_parent_class)->dispose (object);
}

static void
dt_optimizer_history_finalize (GObject *object)
{
  g_array_unref (DT_OPTIMIZER_HISTORY (object)->points);
  G_OBJECT_CLASS (dt_optimizer_history_parent_class)->finalize (object);
}

static void
dt_optimizer_history_class_init (DtOptimizerHistoryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = dt_optimizer_history_dispose;
  object_class->finalize = dt_optimizer_history_finalize;
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
dt_optimizer_history_init (DtOptimizerHistory *self)
{
  self->points = g_array_new (FALSE, FALSE, sizeof (DtOptimPoint));
}

DtOptimizerHistory *
dt_optimizer_history_new (void)
{
  return g_object_new (DT_TYPE_OPTIMIZER_HISTORY, NULL);
}

static void
stats_cb (DtOptimizerHistory *self,
          const DtOptimPoint *points,
          guint               n_points)
{
  dt_optimizer_history_append (self, points, n_points);
}

void
dt_optimizer_history_follow (DtOptimizerHistory *self,
                             DtTrainer          *trainer)
{
  g_return_if_fail (DT_IS_OPTIMIZER_HISTORY (self));
  g_return_if_fail (DT_IS_TRAINER (trainer));

  g_set_object (&self->trainer, trainer);
  g_signal_connect_swapped (trainer, "optimizer-stats", G_CALLBACK (stats_cb), self);
  g_signal_connect_swapped (trainer, "reset", G_CALLBACK (dt_optimizer_history_clear), self);
}

void
dt_optimizer_history_append (DtOptimizerHistory *self,
                             const DtOptimPoint *points,
                             guint               n_points)
{
  g_return_if_fail (DT_IS_OPTIMIZER_HISTORY (self));

  if (n_points == 0)
    return;
  g_array_append_vals (self->points, points, n_points);
  g_signal_emit (self, signals[CHANGED], 0);
}

void
dt_optimizer_history_clear (DtOptimizerHistory *self)
{
  g_return_if_fail (DT_IS_OPTIMIZER_HISTORY (self));

  g_array_set_size (self->points, 0);
  g_signal_emit (self, signals[CHANGED], 0);
}

const DtOptimPoint *
dt_optimizer_history_get_points (DtOptimizerHistory *self,
                                 guint              *n_points)
{
  g_return_val_if_fail (DT_IS_OPTIMIZER_HISTORY (self), NULL);
  *n_points = self->points->len;
  return (const DtOptimPoint *) self->points->data;
}

static void
append_number (GString *csv,
               double   value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  g_string_append_c (csv, ',');
  g_string_append (csv, g_ascii_formatd (buf, sizeof buf, "%.9g", value));
}

char *
dt_optimizer_history_to_csv (DtOptimizerHistory *self)
{
  GString *csv;

  g_return_val_if_fail (DT_IS_OPTIMIZER_HISTORY (self), NULL);

  csv = g_string_new ("epoch,step,lr_t,epsilon,grad_norm,layer1_grad_norm,layer2_grad_norm");
  for (int l = 0; l < NN_OPTIM_N_LAYERS; l++)
    for (int q = 0; q < NN_OPTIM_N_QUANTITIES; q++)
      for (int b = 0; b < NN_OPTIM_N_BANDS; b++)
        g_string_append_printf (csv, ",layer%d_%s_%s", l + 1, quantity_names[q], band_names[b]);
  g_string_append_c (csv, '\n');
  for (guint i = 0; i < self->points->len; i++)
    {
      const DtOptimPoint *p = &g_array_index (self->points, DtOptimPoint, i);
      const NnOptimStats *s = &p->stats;
      char buf[G_ASCII_DTOSTR_BUF_SIZE];

      g_string_append (csv, g_ascii_formatd (buf, sizeof buf, "%.9g", p->x));
      g_string_append_printf (csv, ",%" G_GINT64_FORMAT, p->iteration);
      append_number (csv, s->lr_t);
      append_number (csv, s->epsilon);
      append_number (csv, s->grad_norm_total);
      for (int l = 0; l < NN_OPTIM_N_LAYERS; l++)
        append_number (csv, s->grad_norm[l]);
      for (int l = 0; l < NN_OPTIM_N_LAYERS; l++)
        for (int q = 0; q < NN_OPTIM_N_QUANTITIES; q++)
          for (int b = 0; b < NN_OPTIM_N_BANDS; b++)
            append_number (csv, s->bands[l][q][b]);
      g_string_append_c (csv, '\n');
    }
  return g_string_free (csv, FALSE);
}

gboolean
dt_optimizer_history_export_csv (DtOptimizerHistory  *self,
                                 const char          *path,
                                 GError             **error)
{
  g_autofree char *csv = NULL;

  g_return_val_if_fail (DT_IS_OPTIMIZER_HISTORY (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  csv = dt_optimizer_history_to_csv (self);
  return g_file_set_contents (path, csv, -1, error);
}
