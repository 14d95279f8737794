/* SPDX-License-Identifier: GPL-3.0-or-later */
/* dt-window-stall.c — how long the main loop stalls while a run trains, and what a frame
 * costs: the figures DT_STALL_REPORT=1 prints at the end of every run (and bench-frames). */
#define G_LOG_DOMAIN "dt-window"

#include "config.h"

#include "dt-window-private.h"

static gboolean
stall_tick_cb (GtkWidget     *widget,
               GdkFrameClock *clock,
               gpointer       user_data)
{
  DtWindow *self = DT_WINDOW (widget);
  gint64 now = g_get_monotonic_time ();

  if (self->last_tick != 0)
    {
      self->longest_stall = MAX (self->longest_stall, now - self->last_tick);
      self->n_frames++;
      if (now - self->last_tick >= STALL_LIMIT_US)
        self->n_slow_frames++;
    }
  self->last_tick = now;
  return G_SOURCE_CONTINUE;
}

/* A frame's cost: from the start of its update to the end of its paint (layout, snapshot,
 * render), whatever the frame clock's rate. */
static void
frame_begin_cb (GdkFrameClock *clock,
                DtWindow      *self)
{
  self->frame_start = g_get_monotonic_time ();
}

static void
frame_end_cb (GdkFrameClock *clock,
              DtWindow      *self)
{
  gint64 cost = g_get_monotonic_time () - self->frame_start;

  if (self->frame_start != 0 && self->frame_costs != NULL)
    g_array_append_val (self->frame_costs, cost);
}

static int
compare_gint64 (gconstpointer a,
                gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return (x > y) - (x < y);
}

gint64
dt_window_get_median_frame (DtWindow *self)
{
  GArray *costs;

  g_return_val_if_fail (DT_IS_WINDOW (self), 0);

  costs = self->frame_costs;
  if (costs == NULL || costs->len == 0)
    return 0;
  g_array_sort (costs, compare_gint64);
  return g_array_index (costs, gint64, costs->len / 2);
}

static void
disconnect_frame_clock (DtWindow *self)
{
  if (self->frame_clock == NULL)
    return;
  /* by id: GTK's own tick handler on this clock has the window as its data too; and a
   * window destroyed mid-run has had its clock's handlers dropped already */
  if (g_signal_handler_is_connected (self->frame_clock, self->frame_begin_id))
    g_signal_handler_disconnect (self->frame_clock, self->frame_begin_id);
  if (g_signal_handler_is_connected (self->frame_clock, self->frame_end_id))
    g_signal_handler_disconnect (self->frame_clock, self->frame_end_id);
  self->frame_begin_id = 0;
  self->frame_end_id = 0;
  g_clear_object (&self->frame_clock);
}

void
dt_window_stall_start (DtWindow *self)
{
  self->longest_stall = 0;
  self->last_tick = 0;
  self->n_frames = 0;
  self->n_slow_frames = 0;
  self->frame_start = 0;
  if (self->frame_costs == NULL)
    self->frame_costs = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_array_set_size (self->frame_costs, 0);
  if (self->tick_id == 0)
    self->tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (self), stall_tick_cb, NULL, NULL);
  disconnect_frame_clock (self);
  self->frame_clock = gtk_widget_get_frame_clock (GTK_WIDGET (self));
  if (self->frame_clock != NULL)
    {
      g_object_ref (self->frame_clock);
      self->frame_begin_id = g_signal_connect (self->frame_clock, "update",
                                               G_CALLBACK (frame_begin_cb), self);
      self->frame_end_id = g_signal_connect_after (self->frame_clock, "after-paint",
                                                   G_CALLBACK (frame_end_cb), self);
    }
}

static void
stop_measuring (DtWindow *self)
{
  if (self->tick_id != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->tick_id);
  self->tick_id = 0;
  disconnect_frame_clock (self);
}

void
dt_window_stall_stop (DtWindow *self)
{
  stop_measuring (self);
  if (g_strcmp0 (g_getenv ("DT_STALL_REPORT"), "1") == 0)
    {
      GskRenderer *renderer = gtk_native_get_renderer (GTK_NATIVE (self));
      gint64 median = dt_window_get_median_frame (self);
      gint64 worst = self->frame_costs != NULL && self->frame_costs->len > 0
                     ? g_array_index (self->frame_costs, gint64, self->frame_costs->len - 1) : 0;
      DtTrainerStatus st;

      /* the worker's rate while the window drew, as the status line shows it */
      if (dt_trainer_get_status (self->trainer, &st))
        g_print ("training: %.0f samples/s in epoch %d\n", st.samples_per_second,
                 st.progress.epoch);

      /* the renderer matters: software GL (llvmpipe under Xvfb) spends 50–90 ms on a frame
       * that the Cairo renderer draws in under 20 */
      g_print ("longest main-loop stall: %" G_GINT64_FORMAT " ms (%s; %u of %u frames "
               "took %d ms or more); frame cost median %.1f ms, longest %.1f ms\n",
               self->longest_stall / G_TIME_SPAN_MILLISECOND,
               renderer != NULL ? G_OBJECT_TYPE_NAME (renderer) : "no renderer",
               self->n_slow_frames, self->n_frames,
               (int) (STALL_LIMIT_US / G_TIME_SPAN_MILLISECOND), median / 1000.0,
               worst / 1000.0);
    }
}

gint64
dt_window_get_longest_stall (DtWindow *self)
{
  g_return_val_if_fail (DT_IS_WINDOW (self), 0);
  return self->longest_stall;
}

void
dt_window_stall_clear (DtWindow *self)
{
  stop_measuring (self);
  g_clear_pointer (&self->frame_costs, g_array_unref);
}
