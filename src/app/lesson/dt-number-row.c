/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dt-lesson"

#include "config.h"

#include "dt-number-row.h"

#include <glib/gi18n.h>
#include <math.h>

#include "dt-settings.h"

/* Slider positions: fine enough that every decade has 100 of them. */
#define POSITIONS        1000.0
/* A slider is applied once it has rested this long. */
#define SETTLE_MS        350
/* DT_SCALE_LOG_ZERO: the smallest non-zero value, as a fraction of the range's top. */
#define LOG_ZERO_FLOOR   1e-6
/* The left end of a LOG_ZERO slider that still means 0. */
#define ZERO_POSITION    0.02

struct _DtNumberRow
{
  GSettings   *settings;
  char        *key;
  DtScaleKind  kind;
  gboolean     integer;
  double       min;
  double       max;
  GtkScale    *scale;
  GtkEntry    *entry;
  GtkLabel    *problem;
  GtkEventController *focus;
  gboolean     syncing;    /* the widgets are being set from the key */
  gboolean     slider_pending;
  guint        settle_id;
  gulong       changed_id;
};

double
dt_scale_position_to_value (DtScaleKind kind,
                            double      min,
                            double      max,
                            double      position)
{
  position = CLAMP (position, 0, 1);
  switch (kind)
    {
    case DT_SCALE_LOG:
      return min * pow (max / min, position);
    case DT_SCALE_LOG_ZERO:
      if (position <= ZERO_POSITION)
        return MAX (min, 0);
      return dt_scale_position_to_value (DT_SCALE_LOG, max * LOG_ZERO_FLOOR, max,
                                         (position - ZERO_POSITION) / (1 - ZERO_POSITION));
    case DT_SCALE_LINEAR:
    default:
      return min + position * (max - min);
    }
}

double
dt_scale_value_to_position (DtScaleKind kind,
                            double      min,
                            double      max,
                            double      value)
{
  switch (kind)
    {
    case DT_SCALE_LOG:
      if (!(value > 0))
        return 0;
      return CLAMP (log (value / min) / log (max / min), 0, 1);
    case DT_SCALE_LOG_ZERO:
      if (value < max * LOG_ZERO_FLOOR)
        return 0;
      return ZERO_POSITION + (1 - ZERO_POSITION) *
             dt_scale_value_to_position (DT_SCALE_LOG, max * LOG_ZERO_FLOOR, max, value);
    case DT_SCALE_LINEAR:
    default:
      return max > min ? CLAMP ((value - min) / (max - min), 0, 1) : 0;
    }
}

static double
get_value (DtNumberRow *row)
{
  if (row->integer)
    return g_settings_get_int (row->settings, row->key);
  return g_settings_get_double (row->settings, row->key);
}

static void
set_value (DtNumberRow *row,
           double       value)
{
  if (get_value (row) == value)
    return;
  if (row->integer)
    g_settings_set_int (row->settings, row->key, (int) value);
  else
    g_settings_set_double (row->settings, row->key, value);
}

/* The entry's text as a value to store; FALSE (with the reason shown) when it is none. */
static gboolean
parse_entry (DtNumberRow *row,
             double      *value)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (row->entry));
  gboolean valid = dt_parse_number (text, row->min, row->max, value) &&
                   (!row->integer || *value == floor (*value));

  if (valid)
    {
      gtk_widget_remove_css_class (GTK_WIDGET (row->entry), "error");
      gtk_widget_set_visible (GTK_WIDGET (row->problem), FALSE);
    }
  else
    {
      g_autofree char *lo = dt_format_number (row->min);
      g_autofree char *hi = dt_format_number (row->max);
      g_autofree char *why = NULL;

      gtk_widget_add_css_class (GTK_WIDGET (row->entry), "error");
      why = row->integer
            /* Translators: why a typed value was not applied; %s are the range's ends */
            ? g_strdup_printf (_("Not applied: a whole number from %s to %s"), lo, hi)
            /* Translators: why a typed value was not applied; %s are the range's ends */
            : g_strdup_printf (_("Not applied: a number from %s to %s"), lo, hi);
      gtk_label_set_label (row->problem, why);
      gtk_widget_set_visible (GTK_WIDGET (row->problem), TRUE);
    }
  gtk_accessible_update_state (GTK_ACCESSIBLE (row->entry), GTK_ACCESSIBLE_STATE_INVALID,
                               valid ? GTK_ACCESSIBLE_INVALID_FALSE : GTK_ACCESSIBLE_INVALID_TRUE,
                               -1);
  return valid;
}

/* Slider and entry show the key's value. */
static void
key_changed_cb (DtNumberRow *row)
{
  double value = get_value (row);
  g_autofree char *text = dt_format_number (value);

  row->syncing = TRUE;
  row->slider_pending = FALSE;
  g_clear_handle_id (&row->settle_id, g_source_remove);
  gtk_range_set_value (GTK_RANGE (row->scale),
                       POSITIONS * dt_scale_value_to_position (row->kind, row->min, row->max,
                                                               value));
  gtk_editable_set_text (GTK_EDITABLE (row->entry), text);
  parse_entry (row, &value);
  row->syncing = FALSE;
}

static gboolean
settle_cb (gpointer data)
{
  DtNumberRow *row = data;

  row->settle_id = 0;
  dt_number_row_commit (row);
  return G_SOURCE_REMOVE;
}

/* The slider moved: the entry follows at once, the key once the slider rests. */
static void
slider_changed_cb (DtNumberRow *row)
{
  double value;
  g_autofree char *text = NULL;
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (row->syncing)
    return;
  value = dt_scale_position_to_value (row->kind, row->min, row->max,
                                      gtk_range_get_value (GTK_RANGE (row->scale)) / POSITIONS);
  /* three significant digits are what a slider can pick; typing gives the rest */
  value = row->integer ? round (value)
                       : g_ascii_strtod (g_ascii_formatd (buf, sizeof buf, "%.3g", value), NULL);
  value = CLAMP (value, row->min, row->max);
  text = dt_format_number (value);
  row->syncing = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (row->entry), text);
  row->syncing = FALSE;
  parse_entry (row, &value);
  row->slider_pending = TRUE;
  g_clear_handle_id (&row->settle_id, g_source_remove);
  row->settle_id = g_timeout_add (SETTLE_MS, settle_cb, row);
}

static void
entry_changed_cb (DtNumberRow *row)
{
  double value;

  if (!row->syncing)
    parse_entry (row, &value);
}

static void
focus_leave_cb (DtNumberRow *row)
{
  dt_number_row_commit (row);
}

gboolean
dt_number_row_commit (DtNumberRow *row)
{
  double value;

  g_return_val_if_fail (row != NULL, FALSE);

  g_clear_handle_id (&row->settle_id, g_source_remove);
  row->slider_pending = FALSE;
  if (!parse_entry (row, &value))
    {
      gtk_widget_error_bell (GTK_WIDGET (row->entry));
      return FALSE;
    }
  set_value (row, value);
  return TRUE;
}

const char *
dt_number_row_get_invalid_text (DtNumberRow *row)
{
  double value;

  g_return_val_if_fail (row != NULL, NULL);
  if (parse_entry (row, &value))
    return NULL;
  return gtk_editable_get_text (GTK_EDITABLE (row->entry));
}

const char *
dt_number_row_get_key (DtNumberRow *row)
{
  g_return_val_if_fail (row != NULL, NULL);
  return row->key;
}

DtNumberRow *
dt_number_row_new (GSettings   *settings,
                   const char  *key,
                   DtScaleKind  kind,
                   gboolean     integer,
                   double       mark,
                   GtkScale    *scale,
                   GtkEntry    *entry,
                   GtkLabel    *problem)
{
  DtNumberRow *row = g_new0 (DtNumberRow, 1);
  g_autofree char *detailed = g_strconcat ("changed::", key, NULL);

  row->settings = g_object_ref (settings);
  row->key = g_strdup (key);
  row->kind = kind;
  row->integer = integer;
  row->scale = scale;
  row->entry = entry;
  row->problem = problem;
  row->max = G_MAXDOUBLE;
  dt_settings_get_range (settings, key, &row->min, &row->max);

  gtk_range_set_range (GTK_RANGE (scale), 0, POSITIONS);
  gtk_range_set_increments (GTK_RANGE (scale), POSITIONS / 100, POSITIONS / 10);
  gtk_scale_set_draw_value (scale, FALSE);
  if (isfinite (mark))
    gtk_scale_add_mark (scale, POSITIONS * dt_scale_value_to_position (kind, row->min, row->max,
                                                                       mark),
                        GTK_POS_BOTTOM, NULL);
  g_signal_connect_swapped (scale, "value-changed", G_CALLBACK (slider_changed_cb), row);
  g_signal_connect_swapped (entry, "changed", G_CALLBACK (entry_changed_cb), row);
  g_signal_connect_swapped (entry, "activate", G_CALLBACK (dt_number_row_commit), row);
  row->focus = gtk_event_controller_focus_new ();
  g_signal_connect_swapped (row->focus, "leave", G_CALLBACK (focus_leave_cb), row);
  gtk_widget_add_controller (GTK_WIDGET (entry), row->focus);
  row->changed_id = g_signal_connect_swapped (settings, detailed, G_CALLBACK (key_changed_cb),
                                              row);
  key_changed_cb (row);
  return row;
}

void
dt_number_row_free (DtNumberRow *row)
{
  if (row == NULL)
    return;
  g_clear_handle_id (&row->settle_id, g_source_remove);
  g_clear_signal_handler (&row->changed_id, row->settings);
  g_signal_handlers_disconnect_by_data (row->scale, row);
  g_signal_handlers_disconnect_by_data (row->entry, row);
  g_signal_handlers_disconnect_by_data (row->focus, row);
  g_object_unref (row->settings);
  g_free (row->key);
  g_free (row);
}
