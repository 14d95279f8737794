/* SPDX-License-Identifier: GPL-3.0-or-later */
/* dt-wheel.c — wheel over a slider scrolls the panel around it (see dt-wheel.h).
 *
 * A capture-phase scroll controller on the scrolled window sees the event before the
 * slider's own controller does; when the pointer is over a GtkRange it moves the vertical
 * adjustment by the step GtkScrolledWindow itself uses and claims the event.  Elsewhere it
 * lets the event through, so kinetic scrolling and the scrollbars behave as always.  GDK 4.8
 * gives a scroll event no position: a motion controller keeps where the pointer is. */
#include "config.h"

#include "dt-wheel.h"

#include <math.h>

typedef struct
{
  GtkScrolledWindow *sw;
  double             x, y;    /* the pointer, in sw's coordinates */
  gboolean           inside;
} Wheel;

static void
motion_cb (GtkEventControllerMotion *motion,
           double                    x,
           double                    y,
           Wheel                    *wheel)
{
  wheel->x = x;
  wheel->y = y;
  wheel->inside = TRUE;
}

static void
leave_cb (GtkEventControllerMotion *motion,
          Wheel                    *wheel)
{
  wheel->inside = FALSE;
}

gboolean
dt_wheel_is_over_slider (GtkScrolledWindow *sw,
                         double             x,
                         double             y)
{
  GtkWidget *picked;

  g_return_val_if_fail (GTK_IS_SCROLLED_WINDOW (sw), FALSE);

  picked = gtk_widget_pick (GTK_WIDGET (sw), x, y, GTK_PICK_DEFAULT);
  return picked != NULL && gtk_widget_get_ancestor (picked, GTK_TYPE_RANGE) != NULL;
}

static gboolean
scroll_cb (GtkEventControllerScroll *controller,
           double                    dx,
           double                    dy,
           Wheel                    *wheel)
{
  GtkAdjustment *adj = gtk_scrolled_window_get_vadjustment (wheel->sw);
  double step;

  if (!wheel->inside || !dt_wheel_is_over_slider (wheel->sw, wheel->x, wheel->y))
    return GDK_EVENT_PROPAGATE;
  /* GtkScrolledWindow's own wheel step; a touchpad's deltas are pixels already */
  step = gtk_event_controller_scroll_get_unit (controller) == GDK_SCROLL_UNIT_WHEEL
         ? pow (gtk_adjustment_get_page_size (adj), 2.0 / 3.0) : 1.0;
  gtk_adjustment_set_value (adj, gtk_adjustment_get_value (adj) + dy * step);
  return GDK_EVENT_STOP;
}

void
dt_wheel_scrolls_past_sliders (GtkScrolledWindow *sw)
{
  GtkEventController *scroll, *motion;
  Wheel *wheel;

  g_return_if_fail (GTK_IS_SCROLLED_WINDOW (sw));

  wheel = g_new0 (Wheel, 1);
  wheel->sw = sw;
  motion = gtk_event_controller_motion_new ();
  gtk_event_controller_set_propagation_phase (motion, GTK_PHASE_CAPTURE);
  g_signal_connect (motion, "enter", G_CALLBACK (motion_cb), wheel);
  g_signal_connect (motion, "motion", G_CALLBACK (motion_cb), wheel);
  g_signal_connect (motion, "leave", G_CALLBACK (leave_cb), wheel);
  gtk_widget_add_controller (GTK_WIDGET (sw), motion);

  scroll = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_VERTICAL);
  gtk_event_controller_set_propagation_phase (scroll, GTK_PHASE_CAPTURE);
  /* the state lives as long as the scroll controller, which lives as long as sw */
  g_signal_connect_data (scroll, "scroll", G_CALLBACK (scroll_cb), wheel,
                         (GClosureNotify) (void (*) (void)) g_free, 0);
  gtk_widget_add_controller (GTK_WIDGET (sw), scroll);
}
