/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dt-lesson"

#include "config.h"

#include "dt-runs-table.h"

#include <glib/gi18n.h>
#include <math.h>

#include "dt-curve-theme.h"
#include "dt-curve-view-private.h"
#include "dt-format.h"

#define COLUMN_SPACING 18
#define ROW_SPACING    4
#define NAME_WIDTH_CHARS 12
/* shown and name, train loss, train acc, [val loss, val acc, best epoch,] test loss, test
 * acc, time: the validation columns only while a run has validation */
#define MAX_COLUMNS    9

struct _DtRunsTable
{
  GtkWidget    parent_instance;

  DtCurveView *view;
  GtkWidget   *grid;
  int          n_columns;
};

G_DEFINE_FINAL_TYPE (DtRunsTable, dt_runs_table, GTK_TYPE_WIDGET)

static GtkWidget *
cell (const char *text,
      gboolean    numeric,
      gboolean    heading)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), numeric ? 1 : 0);
  if (numeric)
    gtk_widget_add_css_class (label, "numeric");
  if (heading)
    {
      gtk_widget_add_css_class (label, "caption-heading");
      gtk_widget_add_css_class (label, "dim-label");
    }
  return label;
}

static char *
format_seconds (double seconds)
{
  int s = (int) round (seconds);

  if (seconds < 60)
    return g_strdup_printf ("%.1f s", seconds);
  return g_strdup_printf ("%d:%02d", s / 60, s % 60);
}

static void
visible_toggled_cb (GtkCheckButton *check,
                    DtRunsTable    *self)
{
  guint index = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (check), "run-index"));

  dt_curve_view_set_run_visible (self->view, index, gtk_check_button_get_active (check));
}

/* The check button that shows or hides run `index`, its label the run's name in its colour. */
static GtkWidget *
name_cell (DtRunsTable      *self,
           const DtCurveRun *run,
           guint             index,
           gboolean          current)
{
  g_autofree char *name = dt_curve_run_dup_name (run, TRUE);
  g_autofree char *color_text = NULL;
  g_autofree char *markup = NULL;
  GtkWidget *check = gtk_check_button_new ();
  GtkWidget *label = gtk_label_new (NULL);
  DtCurveTheme theme;
  GdkRGBA color;

  dt_curve_theme_init_from_widget (&theme, GTK_WIDGET (self));
  dt_curve_theme_run_color (&theme, run, current, &color);
  color_text = g_strdup_printf ("#%02x%02x%02x", (int) (255 * color.red),
                                (int) (255 * color.green), (int) (255 * color.blue));
  {
    g_autofree char *escaped = g_markup_escape_text (name, -1);

    /* the current run in bold, as in the legend */
    markup = g_strdup_printf ("<span foreground=\"%s\">■</span> %s%s%s", color_text,
                              current ? "<b>" : "", escaped, current ? "</b>" : "");
  }
  gtk_label_set_markup (GTK_LABEL (label), markup);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  /* "Run 4 · lr 0.1" on one line where it fits, even with the validation columns */
  gtk_label_set_width_chars (GTK_LABEL (label), NAME_WIDTH_CHARS);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_check_button_set_child (GTK_CHECK_BUTTON (check), label);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (check), run->visible);
  gtk_widget_set_tooltip_text (check, _("Show this run on the curves"));
  gtk_widget_set_hexpand (check, TRUE);
  g_object_set_data (G_OBJECT (check), "run-index", GUINT_TO_POINTER (index));
  g_signal_connect (check, "toggled", G_CALLBACK (visible_toggled_cb), self);
  return check;
}

/* "1" for a whole epoch, "1.25" within one */
static char *
format_epoch (double x)
{
  if (fabs (x - round (x)) < 1e-6)
    return g_strdup_printf ("%.0f", round (x));
  return g_strdup_printf ("%.2f", x);
}

/* The latest validation loss and accuracy, and the best epoch (lowest val_loss). */
static void
val_cells (const DtCurveRun *run,
           char            **loss,
           char            **acc,
           char            **best)
{
  const DtCurvePoint *last, *b = dt_curve_run_best_val (run);

  if (run->val->len == 0)
    return;
  last = &g_array_index (run->val, DtCurvePoint, run->val->len - 1);
  *loss = dt_format_metric (last->loss);
  *acc = g_strdup_printf ("%.1f%%", 100 * last->acc);
  if (b != NULL)
    *best = format_epoch (b->x);
}

static void
add_run (DtRunsTable      *self,
         const DtCurveRun *run,
         guint             index,
         gboolean          current,
         int               row)
{
  const DtCurvePoint *test = run->test->len > 0
                             ? &g_array_index (run->test, DtCurvePoint, run->test->len - 1) : NULL;
  g_autofree char *train_loss = run->has_result ? dt_format_metric (run->train_loss) : NULL;
  g_autofree char *train_acc = run->has_result ? g_strdup_printf ("%.1f%%", 100 * run->train_acc)
                                               : NULL;
  g_autofree char *test_loss = test != NULL ? dt_format_metric (test->loss) : NULL;
  g_autofree char *test_acc = test != NULL ? g_strdup_printf ("%.1f%%", 100 * test->acc) : NULL;
  g_autofree char *time = run->has_result ? format_seconds (run->seconds) : NULL;
  g_autofree char *val_loss = NULL, *val_acc = NULL, *best = NULL;
  const char *cells[] = { train_loss, train_acc, val_loss, val_acc, best, test_loss, test_acc,
                          time };
  GtkGrid *grid = GTK_GRID (self->grid);
  int column = 1;

  val_cells (run, &val_loss, &val_acc, &best);
  cells[2] = val_loss;
  cells[3] = val_acc;
  cells[4] = best;
  gtk_grid_attach (grid, name_cell (self, run, index, current), 0, row, 1, 1);
  for (guint c = 0; c < G_N_ELEMENTS (cells); c++)
    if (self->n_columns == MAX_COLUMNS || c < 2 || c > 4)
      gtk_grid_attach (grid, cell (cells[c] != NULL ? cells[c] : "–", TRUE, FALSE), column++,
                       row, 1, 1);
}

static gboolean
any_validation (DtRunsTable *self,
                guint        n_runs)
{
  for (guint r = 0; r < n_runs; r++)
    if (dt_curve_view_get_run (self->view, r)->val->len > 0)
      return TRUE;
  return FALSE;
}

static void
rebuild (DtRunsTable *self)
{
  const char *headings[] = {
    _("Run"), _("Train loss"), _("Train acc"),
    /* Translators: runs table: the validation loss and accuracy, and the epoch with the
     * lowest validation loss */
    _("Val loss"), _("Val acc"), _("Best epoch"),
    _("Test loss"), _("Test acc"), _("Time"),
  };
  guint n_runs = dt_curve_view_get_n_runs (self->view);
  GtkWidget *child;
  int column = 0;

  while ((child = gtk_widget_get_first_child (self->grid)) != NULL)
    gtk_grid_remove (GTK_GRID (self->grid), child);
  self->n_columns = any_validation (self, n_runs) ? MAX_COLUMNS : MAX_COLUMNS - 3;
  for (guint c = 0; c < G_N_ELEMENTS (headings); c++)
    if (self->n_columns == MAX_COLUMNS || c < 3 || c > 5)
      gtk_grid_attach (GTK_GRID (self->grid), cell (headings[c], c > 0, TRUE), column++, 0, 1, 1);
  /* newest first, as in the legend */
  for (guint r = n_runs; r-- > 0;)
    add_run (self, dt_curve_view_get_run (self->view, r), r,
             dt_curve_view_get_run (self->view, r) == dt_curve_view_current_run (self->view),
             n_runs - r);
  if (n_runs == 0)
    gtk_grid_attach (GTK_GRID (self->grid),
                     cell (_("No runs yet: press Train."), FALSE, FALSE), 0, 1, self->n_columns,
                           1);
}

char *
dt_runs_table_dup_text (DtRunsTable *self)
{
  GString *s = g_string_new (NULL);
  int rows = dt_curve_view_get_n_runs (self->view) + 1;

  g_return_val_if_fail (DT_IS_RUNS_TABLE (self), NULL);

  for (int r = 0; r < rows; r++)
    for (int c = 0; c < self->n_columns; c++)
      {
        GtkWidget *w = gtk_grid_get_child_at (GTK_GRID (self->grid), c, r);
        const char *text = "";

        if (GTK_IS_CHECK_BUTTON (w))
          w = gtk_check_button_get_child (GTK_CHECK_BUTTON (w));
        if (GTK_IS_LABEL (w))
          text = gtk_label_get_text (GTK_LABEL (w));
        g_string_append_printf (s, "%s%s", text, c + 1 < self->n_columns ? "\t" : "\n");
      }
  return g_string_free (s, FALSE);
}

static void
dt_runs_table_css_changed (GtkWidget         *widget,
                           GtkCssStyleChange *change)
{
  GTK_WIDGET_CLASS (dt_runs_table_parent_class)->css_changed (widget, change);
  /* the runs' colours follow the light or dark style */
  if (DT_RUNS_TABLE (widget)->view != NULL)
    rebuild (DT_RUNS_TABLE (widget));
}

static void
dt_runs_table_dispose (GObject *object)
{
  DtRunsTable *self = DT_RUNS_TABLE (object);

  if (self->view != NULL)
    g_signal_handlers_disconnect_by_data (self->view, self);
  g_clear_weak_pointer (&self->view);
  g_clear_pointer (&self->grid, gtk_widget_unparent);
  G_OBJECT_CLASS (dt_runs_table_parent_class)->dispose (object);
}

static void
dt_runs_table_class_init (DtRunsTableClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dt_runs_table_dispose;
  widget_class->css_changed = dt_runs_table_css_changed;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "runstable");
}

static void
dt_runs_table_init (DtRunsTable *self)
{
  self->grid = gtk_grid_new ();
  gtk_grid_set_column_spacing (GTK_GRID (self->grid), COLUMN_SPACING);
  gtk_grid_set_row_spacing (GTK_GRID (self->grid), ROW_SPACING);
  gtk_widget_set_parent (self->grid, GTK_WIDGET (self));
}

GtkWidget *
dt_runs_table_new (DtCurveView *view)
{
  DtRunsTable *self;

  g_return_val_if_fail (DT_IS_CURVE_VIEW (view), NULL);

  self = g_object_new (DT_TYPE_RUNS_TABLE, NULL);
  g_set_weak_pointer (&self->view, view);
  g_signal_connect_swapped (view, "runs-changed", G_CALLBACK (rebuild), self);
  rebuild (self);
  return GTK_WIDGET (self);
}
