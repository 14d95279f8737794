/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "dt-digit-preview.h"
#include "nn-preprocess.h"
#include "dt-probability-bars.h"
#include "dt-sketch-panel.h"
#include "dt-sketchpad.h"
#include "nn-user-samples.h"
#include "nn.h"
#include "dt-test-util.h"

#define N NN_IMAGE_PIXELS

/* a "7": top bar, then the diagonal, as two strokes in sheet coordinates */
static const double seven_bar[] = { 0.25, 0.2, 0.5, 0.21, 0.75, 0.2 };
static const double seven_leg[] = { 0.75, 0.2, 0.6, 0.5, 0.45, 0.8 };

typedef struct
{
  guint changed;
  guint finished;
  guint empty_notifies;
} Counts;

static void
count_cb (gpointer  instance,
          guint    *counter)
{
  (*counter)++;
}

static void
notify_count_cb (GObject    *object,
                 GParamSpec *pspec,
                 guint      *counter)
{
  (*counter)++;
}

static void
connect_counts (gpointer  sketchpad,
                Counts   *c)
{
  g_signal_connect (sketchpad, "changed", G_CALLBACK (count_cb), &c->changed);
  g_signal_connect (sketchpad, "stroke-finished", G_CALLBACK (count_cb), &c->finished);
  g_signal_connect (sketchpad, "notify::empty", G_CALLBACK (notify_count_cb),
                    &c->empty_notifies);
}

static double
mean_abs_diff (const float *a, const float *b)
{
  double s = 0;

  for (int i = 0; i < N; i++)
    s += fabs (a[i] - b[i]);
  return s / N;
}

static GtkWindow *
show_in_window (GtkWidget *child)
{
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());

  gtk_window_set_default_size (window, 500, 700);
  gtk_window_set_child (window, child);
  gtk_window_present (window);
  while (!gtk_widget_get_mapped (child) || gtk_widget_get_width (child) == 0)
    g_main_context_iteration (NULL, TRUE);
  return window;
}

static void
iterate_pending (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

/* Strokes through the API: changed/stroke-finished per stroke, undo drops the last one,
 * clear empties; the input follows. */
static void
test_sketchpad_strokes (void)
{
  DtSketchpad *pad = g_object_ref_sink (DT_SKETCHPAD (dt_sketchpad_new ()));
  float empty[N], bar_only[N], full[N], after_undo[N];
  Counts c = { 0 };

  connect_counts (pad, &c);
  g_assert_true (dt_sketchpad_get_empty (pad));
  g_assert_false (dt_sketchpad_get_input (pad, empty));
  g_assert_false (dt_sketchpad_undo (pad));

  dt_sketchpad_add_stroke (pad, seven_bar, 3);
  g_assert_cmpuint (c.changed, ==, 1);
  g_assert_cmpuint (c.finished, ==, 1);
  g_assert_cmpuint (c.empty_notifies, ==, 1);
  g_assert_false (dt_sketchpad_get_empty (pad));
  g_assert_true (dt_sketchpad_get_input (pad, bar_only));

  dt_sketchpad_add_stroke (pad, seven_leg, 3);
  g_assert_cmpuint (dt_sketchpad_get_n_strokes (pad), ==, 2);
  g_assert_true (dt_sketchpad_get_input (pad, full));
  g_assert_cmpfloat (mean_abs_diff (bar_only, full), >, 0.05);

  g_assert_true (dt_sketchpad_undo (pad));
  g_assert_cmpuint (c.changed, ==, 3);
  g_assert_cmpuint (dt_sketchpad_get_n_strokes (pad), ==, 1);
  g_assert_true (dt_sketchpad_get_input (pad, after_undo));
  g_assert_cmpmem (after_undo, sizeof after_undo, bar_only, sizeof bar_only);

  dt_sketchpad_clear (pad);
  g_assert_cmpuint (c.changed, ==, 4);
  g_assert_cmpuint (c.empty_notifies, ==, 2);
  g_assert_true (dt_sketchpad_get_empty (pad));
  g_assert_false (dt_sketchpad_get_input (pad, after_undo));
  dt_sketchpad_clear (pad);   /* nothing to clear: no signal */
  g_assert_cmpuint (c.changed, ==, 4);

  g_assert_finalize_object (pad);
}

/* The ink re-renders at any size from the strokes: half and full resolution agree. */
static void
test_sketchpad_render_sizes (void)
{
  DtSketchpad *pad = g_object_ref_sink (DT_SKETCHPAD (dt_sketchpad_new ()));
  g_autofree guint8 *small = NULL;
  g_autofree guint8 *large = NULL;
  float a[N], b[N];
  guint inked = 0;

  dt_sketchpad_add_stroke (pad, seven_bar, 3);
  dt_sketchpad_add_stroke (pad, seven_leg, 3);
  small = dt_sketchpad_render_ink (pad, 140);
  large = dt_sketchpad_render_ink (pad, 420);
  for (int i = 0; i < 140 * 140; i++)
    inked += small[i] > 128;
  /* two strokes ≈ 0.5 + 0.65 sheet long, 0.08 wide: about 9 % of the sheet */
  g_assert_cmpuint (inked, >, 140 * 140 * 6 / 100);
  g_assert_cmpuint (inked, <, 140 * 140 * 13 / 100);
  g_assert_true (nn_preprocess_u8 (small, 140, 140, 140, a));
  g_assert_true (nn_preprocess_u8 (large, 420, 420, 420, b));
  g_assert_cmpfloat (mean_abs_diff (a, b), <, 0.03);
  g_assert_finalize_object (pad);
}

static GtkGesture *
find_drag_gesture (GtkWidget *widget)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) c = g_list_model_get_item (controllers, i);

      if (GTK_IS_GESTURE_DRAG (c))
        return GTK_GESTURE (c);
    }
  g_assert_not_reached ();
}

/* A drag as the gesture reports it: while drawing, "changed" comes at most once per frame,
 * however many motion events arrive; the end of the stroke reports at once. */
static void
test_sketchpad_drag (void)
{
  DtSketchpad *pad = DT_SKETCHPAD (dt_sketchpad_new ());
  GtkWindow *window = show_in_window (GTK_WIDGET (pad));
  GtkGesture *drag = find_drag_gesture (GTK_WIDGET (pad));
  int w = gtk_widget_get_width (GTK_WIDGET (pad));
  int h = gtk_widget_get_height (GTK_WIDGET (pad));
  double side = MIN (w, h), x0 = (w - side) / 2 + side * 0.3, y0 = (h - side) / 2 + side * 0.2;
  gint64 start;
  float input[N];
  Counts c = { 0 };

  g_object_ref (pad);
  connect_counts (pad, &c);
  g_signal_emit_by_name (drag, "drag-begin", x0, y0);
  for (int i = 1; i <= 50; i++)
    g_signal_emit_by_name (drag, "drag-update", side * 0.4 * i / 50, side * 0.6 * i / 50);
  g_assert_cmpuint (c.changed, ==, 0);    /* nothing yet: waits for the frame */
  g_assert_false (dt_sketchpad_get_empty (pad));
  g_assert_true (dt_sketchpad_get_input (pad, input));

  start = g_get_monotonic_time ();
  while (c.changed == 0 && g_get_monotonic_time () - start < 5 * G_USEC_PER_SEC)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (c.changed, ==, 1);    /* 50 motions, one report */
  g_assert_cmpuint (c.finished, ==, 0);

  g_signal_emit_by_name (drag, "drag-end", side * 0.4, side * 0.6);
  g_assert_cmpuint (c.finished, ==, 1);
  g_assert_cmpuint (c.changed, ==, 2);
  g_assert_cmpuint (dt_sketchpad_get_n_strokes (pad), ==, 1);
  iterate_pending ();
  g_assert_cmpuint (c.changed, ==, 2);    /* no late duplicate from the frame clock */

  gtk_window_destroy (window);
  iterate_pending ();
  g_assert_finalize_object (pad);
}

static NnNet *
test_network (void)
{
  NnNet *net = nn_net_new (N, 32, 10);

  nn_net_init_glorot (net, 1337);
  return net;
}

static void
test_panel_classifies (void)
{
  DtSketchPanel *panel = DT_SKETCH_PANEL (dt_sketch_panel_new ());
  GtkWindow *window = show_in_window (GTK_WIDGET (panel));
  DtSketchpad *pad = dt_sketch_panel_get_sketchpad (panel);
  DtDigitPreview *preview = dt_sketch_panel_get_preview (panel);
  DtProbabilityBars *bars = dt_sketch_panel_get_bars (panel);
  NnNet *net = test_network ();
  float bar_only[N], p_bar[10], p_full[10], input[N];
  double sum = 0;

  g_object_ref (panel);
  g_assert_null (dt_digit_preview_get_input (preview));
  g_assert_cmpint (dt_probability_bars_get_winner (bars), ==, -1);
  g_assert_cmpstr (dt_sketch_panel_get_status (panel), ==,
                   "The network is untrained — press Train first");

  /* untrained: the input is shown, the bars stay empty */
  dt_sketchpad_add_stroke (pad, seven_bar, 3);
  g_assert_nonnull (dt_digit_preview_get_input (preview));
  g_assert_false (dt_probability_bars_get_probabilities (bars, p_bar));

  dt_sketch_panel_set_network (panel, net);
  nn_net_free (net);   /* the panel keeps its own copy */
  g_assert_true (dt_probability_bars_get_probabilities (bars, p_bar));
  g_assert_true (g_str_has_prefix (dt_sketch_panel_get_status (panel), "It looks like a "));
  memcpy (bar_only, dt_digit_preview_get_input (preview), sizeof bar_only);

  dt_sketchpad_add_stroke (pad, seven_leg, 3);
  g_assert_true (dt_sketchpad_get_input (pad, input));
  g_assert_cmpmem (dt_digit_preview_get_input (preview), sizeof input, input, sizeof input);
  g_assert_cmpfloat (mean_abs_diff (bar_only, input), >, 0.05);
  g_assert_true (dt_probability_bars_get_probabilities (bars, p_full));
  g_assert_true (memcmp (p_bar, p_full, sizeof p_bar) != 0);   /* the bars moved */
  for (int k = 0; k < 10; k++)
    sum += p_full[k];
  g_assert_cmpfloat (fabs (sum - 1), <, 1e-5);
  g_assert_cmpint (dt_probability_bars_get_winner (bars), ==, nn_argmax (p_full, 10));

  /* Undo (the action, as Ctrl+Z and the button use it) brings back the one-stroke view */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (panel), "sketch.undo", NULL));
  g_assert_cmpmem (dt_digit_preview_get_input (preview), sizeof bar_only, bar_only,
                   sizeof bar_only);
  g_assert_true (dt_probability_bars_get_probabilities (bars, p_full));
  g_assert_cmpmem (p_bar, sizeof p_bar, p_full, sizeof p_full);

  /* Clear empties both */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (panel), "sketch.clear", NULL));
  g_assert_null (dt_digit_preview_get_input (preview));
  g_assert_cmpint (dt_probability_bars_get_winner (bars), ==, -1);
  g_assert_cmpstr (dt_sketch_panel_get_status (panel), ==, "Draw a digit 0–9");

  /* back to untrained (after Reset) */
  dt_sketchpad_add_stroke (pad, seven_leg, 3);
  dt_sketch_panel_set_network (panel, NULL);
  g_assert_cmpint (dt_probability_bars_get_winner (bars), ==, -1);
  g_assert_nonnull (dt_digit_preview_get_input (preview));

  iterate_pending ();
  gtk_window_destroy (window);
  iterate_pending ();
  g_assert_finalize_object (panel);
}

static void
sample_added_cb (DtSketchPanel *panel,
                 guint          label,
                 int           *got)
{
  *got = (int) label;
}

static void
test_panel_add_sample (void)
{
  DtSketchPanel *panel = DT_SKETCH_PANEL (dt_sketch_panel_new ());
  GtkWindow *window = show_in_window (GTK_WIDGET (panel));
  DtSketchpad *pad = dt_sketch_panel_get_sketchpad (panel);
  g_autofree char *dir = nn_user_samples_default_dir ();
  g_autoptr(GError) error = NULL;
  g_autoptr(NnDataset) samples = NULL;
  g_autoptr(NnDataset) on_disk = NULL;
  guint8 expected[N];
  float input[N];
  int got = -1;

  g_object_ref (panel);
  /* main() set XDG_DATA_HOME: the default dir is inside this test's temporary home */
  g_assert_cmpstr (dt_sketch_panel_get_samples_dir (panel), ==, dir);
  g_signal_connect (panel, "sample-added", G_CALLBACK (sample_added_cb), &got);
  g_assert_null (dt_sketch_panel_dup_user_samples (panel, &error));
  g_assert_no_error (error);

  /* nothing drawn: the action is disabled and the call explains */
  g_assert_false (dt_sketch_panel_add_sample (panel, 3, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_clear_error (&error);

  dt_sketchpad_add_stroke (pad, seven_bar, 3);
  dt_sketchpad_add_stroke (pad, seven_leg, 3);
  g_assert_true (dt_sketchpad_get_input (pad, input));
  nn_preprocess_to_bytes (input, expected);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (panel), "sketch.add-sample", "i", 7));
  g_assert_cmpint (got, ==, 7);
  g_assert_true (dt_sketchpad_get_empty (pad));   /* ready for the next drawing */

  samples = dt_sketch_panel_dup_user_samples (panel, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (samples->n, ==, 1);
  g_assert_cmpint (samples->labels[0], ==, 7);
  g_assert_cmpmem (samples->images, N, expected, N);
  on_disk = nn_user_samples_load (dir, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (on_disk->n, ==, 1);
  g_assert_cmpmem (on_disk->images, N, expected, N);

  iterate_pending ();
  gtk_window_destroy (window);
  iterate_pending ();
  g_assert_finalize_object (panel);
}

/* The widget's own key bindings, by trigger ("<Control>z") */
static GHashTable *
dup_shortcuts (GtkWidget *widget)
{
  GHashTable *shortcuts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                 g_object_unref);
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
        continue;
      for (guint k = 0; k < g_list_model_get_n_items (G_LIST_MODEL (controller)); k++)
        {
          GtkShortcut *shortcut = g_list_model_get_item (G_LIST_MODEL (controller), k);

          g_hash_table_insert (shortcuts,
                               gtk_shortcut_trigger_to_string (gtk_shortcut_get_trigger (shortcut)),
                               shortcut);
        }
    }
  return shortcuts;
}

static void
assert_shortcut (GHashTable *shortcuts,
                 const char *trigger,
                 const char *action_name,
                 GtkWidget  *widget)
{
  GtkShortcut *shortcut = g_hash_table_lookup (shortcuts, trigger);
  GtkShortcutAction *action;

  g_assert_nonnull (shortcut);
  action = gtk_shortcut_get_action (shortcut);
  g_assert_true (GTK_IS_NAMED_ACTION (action));
  g_assert_cmpstr (gtk_named_action_get_action_name (GTK_NAMED_ACTION (action)), ==,
                   action_name);
  g_assert_true (gtk_shortcut_action_activate (action, 0, widget, NULL));
}

/* Ctrl+Z undoes a stroke, Delete and BackSpace clear, as the shortcuts window says: bound
 * once, on the panel (the pad has no keys of its own; they reach the panel from it). */
static void
test_panel_shortcuts (void)
{
  DtSketchPanel *panel = g_object_ref_sink (DT_SKETCH_PANEL (dt_sketch_panel_new ()));
  DtSketchpad *pad = dt_sketch_panel_get_sketchpad (panel);
  g_autoptr(GHashTable) panel_keys = dup_shortcuts (GTK_WIDGET (panel));
  g_autoptr(GHashTable) pad_keys = dup_shortcuts (GTK_WIDGET (pad));

  g_assert_cmpuint (g_hash_table_size (pad_keys), ==, 0);

  dt_sketchpad_add_stroke (pad, seven_bar, 3);
  dt_sketchpad_add_stroke (pad, seven_leg, 3);
  assert_shortcut (panel_keys, "<Control>z", "sketch.undo", GTK_WIDGET (panel));
  g_assert_cmpuint (dt_sketchpad_get_n_strokes (pad), ==, 1);
  assert_shortcut (panel_keys, "Delete", "sketch.clear", GTK_WIDGET (panel));
  g_assert_true (dt_sketchpad_get_empty (pad));
  dt_sketchpad_add_stroke (pad, seven_leg, 3);
  assert_shortcut (panel_keys, "BackSpace", "sketch.clear", GTK_WIDGET (panel));
  g_assert_true (dt_sketchpad_get_empty (pad));

  g_clear_pointer (&panel_keys, g_hash_table_unref);
  g_assert_finalize_object (panel);
}

static void
test_bars_and_preview (void)
{
  DtProbabilityBars *bars = g_object_ref_sink (DT_PROBABILITY_BARS (dt_probability_bars_new ()));
  DtDigitPreview *preview = g_object_ref_sink (DT_DIGIT_PREVIEW (dt_digit_preview_new ()));
  float p[10] = { 0.01f, 0.02f, 0.03f, 0.04f, 0.05f, 0.06f, 0.07f, 0.6f, 0.08f, 0.04f };
  float q[10], input[N] = { 0 };

  dt_probability_bars_set_probabilities (bars, p);
  g_assert_cmpint (dt_probability_bars_get_winner (bars), ==, 7);
  g_assert_true (dt_probability_bars_get_probabilities (bars, q));
  g_assert_cmpmem (p, sizeof p, q, sizeof q);
  dt_probability_bars_set_probabilities (bars, NULL);
  g_assert_cmpint (dt_probability_bars_get_winner (bars), ==, -1);
  g_assert_false (dt_probability_bars_get_probabilities (bars, q));

  input[14 * 28 + 14] = 1.0f;
  dt_digit_preview_set_input (preview, input);
  g_assert_cmpfloat (dt_digit_preview_get_input (preview)[14 * 28 + 14], ==, 1.0f);
  dt_digit_preview_set_input (preview, NULL);
  g_assert_null (dt_digit_preview_get_input (preview));

  g_assert_finalize_object (bars);
  g_assert_finalize_object (preview);
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *home = NULL;
  int status;

  /* a private XDG_DATA_HOME for the user samples (G_TEST_OPTION_ISOLATE_DIRS would do
   * this too, but GLib leaks the old paths then, which LeakSanitizer reports) */
  home = g_dir_make_tmp ("dt-test-home-XXXXXX", NULL);
  g_setenv ("XDG_DATA_HOME", home, TRUE);
  g_test_init (&argc, &argv, NULL);
  adw_init ();
  g_test_add_func ("/sketchpad/strokes", test_sketchpad_strokes);
  g_test_add_func ("/sketchpad/render-sizes", test_sketchpad_render_sizes);
  g_test_add_func ("/sketchpad/drag", test_sketchpad_drag);
  g_test_add_func ("/sketch-panel/bars-and-preview", test_bars_and_preview);
  g_test_add_func ("/sketch-panel/classifies", test_panel_classifies);
  g_test_add_func ("/sketch-panel/add-sample", test_panel_add_sample);
  g_test_add_func ("/sketch-panel/shortcuts", test_panel_shortcuts);
  status = g_test_run ();
  dt_test_rm_rf (home);   /* what this test wrote under its temporary XDG_DATA_HOME */
  return status;
}
