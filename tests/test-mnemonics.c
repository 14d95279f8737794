/* SPDX-License-Identifier: GPL-3.0-or-later */
/* No two mnemonics clash: in every window, dialog, popover and page the user reaches, the
 * visible controls that share a toplevel have distinct Alt+letter keys.  GTK 4.8 neither
 * warns about a clash nor exposes mnemonics over AT-SPI (an action's key binding reads
 * "<Space>" or "<VoidSymbol>"), so the test asks GTK itself: every mapped GtkLabel's
 * gtk_label_get_mnemonic_keyval (), which covers buttons, rows, view-switcher tabs and menu
 * items, all of which show their mnemonic through a label.
 *
 * A window and each popover are separate scopes (both are GtkShortcutManagers: while a
 * popover is open, the window's mnemonics do not fire).  When two labels in one scope share
 * a key, GTK only moves the focus between them, so Alt+T no longer trains.
 *
 * Run with the language as argument ("en" or "zh_CN"); DT_LOCALEDIR points at the
 * catalogues built in the tree. */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <locale.h>
#include <string.h>

#include "dt-application.h"
#include "dt-evaluate-page.h"
#include "dt-settings.h"
#include "dt-test-data.h"
#include "dt-window.h"

static char *data_dir;
static GString *clashes_seen;   /* every clash of the running test case */
static const char *language;
static DtApplication *app;
static DtWindow *window;

typedef struct
{
  guint  keyval;  /* as GTK keys it, ASCII letters lower-cased */
  char  *text;    /* the label as written, "_Train" */
  char  *owner;   /* the control the mnemonic activates */
} Mnemonic;

static void
mnemonic_free (gpointer data)
{
  Mnemonic *m = data;

  g_free (m->text);
  g_free (m->owner);
  g_free (m);
}

/* The control a label's mnemonic activates: its mnemonic widget, else the nearest focusable
 * ancestor (a button, a row, a tab), else the label itself. */
static const char *
owner_type (GtkLabel *label)
{
  GtkWidget *owner = gtk_label_get_mnemonic_widget (label);

  for (GtkWidget *w = GTK_WIDGET (label); owner == NULL && w != NULL;
       w = gtk_widget_get_parent (w))
    if (w != GTK_WIDGET (label) && gtk_widget_get_focusable (w))
      owner = w;
  return G_OBJECT_TYPE_NAME (owner != NULL ? owner : GTK_WIDGET (label));
}

/* Appends the mnemonics of the mapped labels under widget that belong to scope: it stops
 * at other natives (popovers), which are scopes of their own. */
static void
collect_mnemonics (GtkWidget *widget,
                   GtkWidget *scope,
                   GPtrArray *found)
{
  if (!gtk_widget_get_mapped (widget) || (widget != scope && GTK_IS_NATIVE (widget)))
    return;
  /* a label that could have a mnemonic but has none answers VoidSymbol or 0 (the column
   * titles of the file chooser) */
  if (GTK_IS_LABEL (widget) &&
      gtk_label_get_mnemonic_keyval (GTK_LABEL (widget)) != GDK_KEY_VoidSymbol &&
      gtk_label_get_mnemonic_keyval (GTK_LABEL (widget)) != 0)
    {
      Mnemonic *m = g_new0 (Mnemonic, 1);

      m->keyval = gtk_label_get_mnemonic_keyval (GTK_LABEL (widget));
      if (m->keyval < 0x80)
        m->keyval = g_ascii_tolower (m->keyval);   /* "_T" is keyed as T, matched as t */
      m->text = g_strdup (gtk_label_get_label (GTK_LABEL (widget)));
      m->owner = g_strdup (owner_type (GTK_LABEL (widget)));
      g_ptr_array_add (found, m);
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_mnemonics (child, scope, found);
}

/* The key as the user reads it: "T"; anything else by number. */
static char *
key_text (guint keyval)
{
  if (keyval < 0x80)
    return g_strdup_printf ("%c", g_ascii_toupper (keyval));
  return g_strdup_printf ("0x%x", keyval);
}

/* "T is taken by “_Train” (GtkButton) and “_Test Set” (GtkToggleButton)": one clause per
 * clashing key or untypeable mnemonic, or NULL when every key is a letter or digit used
 * once.  keys (if not NULL) receives every mnemonic's key in the order found, n_found how
 * many there are. */
static char *
describe_clashes (GtkWidget  *scope,
                  char      **keys,
                  guint      *n_found)
{
  g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func (mnemonic_free);
  g_autoptr(GHashTable) seen = g_hash_table_new (NULL, NULL);
  g_autoptr(GString) clashes = g_string_new (NULL);
  g_autoptr(GString) all = g_string_new (NULL);

  collect_mnemonics (scope, scope, found);
  for (guint i = 0; i < found->len; i++)
    {
      Mnemonic *m = found->pdata[i];
      g_autofree char *name = key_text (m->keyval);
      g_autoptr(GString) others = NULL;

      g_string_append_printf (all, "%s%s", all->len > 0 ? " " : "", name);
      /* GTK 4.8 keys a mnemonic by the character's code point, which for anything beyond
       * Latin-1 is no key's keysym (Alt+ρ never matches "_ρ"); an input method gives no
       * Alt+字 either.  So a mnemonic must be a Latin letter or digit. */
      if (m->keyval >= 0x80 || !g_ascii_isalnum (m->keyval))
        g_string_append_printf (clashes, "%s“%s” (%s) is not a Latin letter or digit "
                                "(keyed as keysym %s)", clashes->len > 0 ? "; " : "",
                                m->text, m->owner, name);
      if (!g_hash_table_add (seen, GUINT_TO_POINTER (m->keyval)))
        continue;   /* already reported with its first holder */
      for (guint j = i + 1; j < found->len; j++)
        {
          Mnemonic *other = found->pdata[j];

          if (other->keyval != m->keyval)
            continue;
          if (others == NULL)
            others = g_string_new (NULL);
          g_string_append_printf (others, " and “%s” (%s)", other->text, other->owner);
        }
      if (others != NULL)
        g_string_append_printf (clashes, "%s%s is taken by “%s” (%s)%s",
                                clashes->len > 0 ? "; " : "", name, m->text, m->owner,
                                others->str);
    }
  if (keys != NULL)
    *keys = g_string_free (g_steal_pointer (&all), FALSE);
  if (n_found != NULL)
    *n_found = found->len;
  return clashes->len > 0 ? g_string_free (g_steal_pointer (&clashes), FALSE) : NULL;
}

/* Records a clash in scope (the test case fails when it ends, after every place in it has
 * been checked);
 * min_found guards against a walk that found nothing to compare. */
static void
check_scope (const char *place,
             GtkWidget  *scope,
             guint       min_found)
{
  g_autofree char *clashes = NULL;
  g_autofree char *keys = NULL;
  guint n_found;

  clashes = describe_clashes (scope, &keys, &n_found);
  g_test_message ("%s (%s): %u mnemonics: %s", place, language, n_found, keys);
  if (clashes != NULL)
    g_string_append_printf (clashes_seen, "%s%s (%s): %s",
                            clashes_seen->len > 0 ? " | " : "", place, language, clashes);
  g_assert_cmpuint (n_found, >=, min_found);
}

/* Runs the main loop until widget is mapped, then a few frames more for its children. */
static void
wait_mapped (GtkWidget *widget)
{
  gint64 deadline = g_get_monotonic_time () + 15 * G_USEC_PER_SEC;
  gint64 settle;

  while (!gtk_widget_get_mapped (widget) && g_get_monotonic_time () < deadline)
    if (!g_main_context_iteration (NULL, FALSE))
      g_usleep (1000);
  g_assert_true (gtk_widget_get_mapped (widget));
  settle = g_get_monotonic_time () + G_USEC_PER_SEC / 5;
  while (g_get_monotonic_time () < settle)
    if (!g_main_context_iteration (NULL, FALSE))
      g_usleep (1000);
}

static gpointer
template_child (gpointer    widget,
                GType       type,
                const char *name)
{
  GObject *object = gtk_widget_get_template_child (GTK_WIDGET (widget), type, name);

  g_assert_nonnull (object);
  return object;
}

/* The toplevel that an action opened: the first one shown that was not in before (a new
 * reference). */
static GtkWindow *
new_toplevel (GList *before)
{
  gint64 deadline = g_get_monotonic_time () + 15 * G_USEC_PER_SEC;

  while (g_get_monotonic_time () < deadline)
    {
      g_autoptr(GListModel) toplevels = g_object_ref (gtk_window_get_toplevels ());

      for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
        {
          g_autoptr(GtkWindow) w = g_list_model_get_item (toplevels, i);

          if (g_list_find (before, w) == NULL && gtk_widget_get_visible (GTK_WIDGET (w)))
            return g_steal_pointer (&w);
        }
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (1000);
    }
  g_assert_not_reached ();
}

/* The toplevels shown now (the shortcuts window exists, hidden, from the start). */
static GList *
list_toplevels (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();
  GList *list = NULL;

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      GtkWidget *w = g_list_model_get_item (toplevels, i);

      if (gtk_widget_get_visible (w))
        list = g_list_prepend (list, w);
      else
        g_object_unref (w);
    }
  return list;
}

/* The checker itself: a clash in one scope is found, the same key in a popover or on a
 * hidden widget is not, a Greek mnemonic is flagged. */
static void
test_detector (void)
{
  GtkWidget *win = gtk_window_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *train = gtk_button_new_with_mnemonic ("_Train");
  GtkWidget *test_set = gtk_toggle_button_new_with_mnemonic ("_Test Set");
  GtkWidget *hidden = gtk_button_new_with_mnemonic ("_Stop");
  GtkWidget *stop = gtk_button_new_with_mnemonic ("_Stop");
  GtkWidget *menu = gtk_menu_button_new ();
  GtkWidget *popover = gtk_popover_new ();
  g_autofree char *clashes = NULL;
  guint n_found;

  gtk_popover_set_child (GTK_POPOVER (popover), gtk_button_new_with_mnemonic ("_Test"));
  gtk_menu_button_set_popover (GTK_MENU_BUTTON (menu), popover);
  gtk_widget_set_visible (hidden, FALSE);
  for (GtkWidget *const *w = (GtkWidget *[]) { train, test_set, hidden, stop, menu, NULL };
       *w != NULL; w++)
    gtk_box_append (GTK_BOX (box), *w);
  gtk_window_set_child (GTK_WINDOW (win), box);
  gtk_window_present (GTK_WINDOW (win));
  wait_mapped (stop);
  gtk_menu_button_popup (GTK_MENU_BUTTON (menu));
  wait_mapped (popover);

  /* the hidden _Stop and the popover's _Test do not count in the window */
  clashes = describe_clashes (win, NULL, &n_found);
  g_assert_cmpstr (clashes, ==,
                   "T is taken by “_Train” (GtkButton) and “_Test Set” (GtkToggleButton)");
  g_assert_cmpuint (n_found, ==, 3);
  g_clear_pointer (&clashes, g_free);
  clashes = describe_clashes (popover, NULL, &n_found);
  g_assert_null (clashes);
  g_assert_cmpuint (n_found, ==, 1);

  gtk_button_set_label (GTK_BUTTON (test_set), "T_est Set");
  g_clear_pointer (&clashes, g_free);
  clashes = describe_clashes (win, NULL, &n_found);
  g_assert_null (clashes);
  g_assert_cmpuint (n_found, ==, 3);

  /* a Greek mnemonic is keyed by its code point, which no Alt+key produces */
  gtk_button_set_label (GTK_BUTTON (test_set), "_ρ (Rho)");
  g_clear_pointer (&clashes, g_free);
  clashes = describe_clashes (win, NULL, &n_found);
  g_assert_cmpstr (clashes, ==, "“_ρ (Rho)” (GtkToggleButton) is not a Latin letter or digit "
                   "(keyed as keysym 0x3c1)");
  gtk_window_destroy (GTK_WINDOW (win));
}

static void
show_page (const char *name)
{
  AdwViewStack *stack = template_child (window, DT_TYPE_WINDOW, "view_stack");

  adw_view_stack_set_visible_child_name (stack, name);
  wait_mapped (adw_view_stack_get_visible_child (stack));
}

/* The Train page with the "Reset Now" bar shown (hidden units changed). */
static void
test_train_page (void)
{
  g_autoptr(GSettings) settings = dt_settings_new ();
  GtkRevealer *revealer = template_child (window, DT_TYPE_WINDOW, "reset_revealer");

  show_page ("train");
  g_settings_set_int (settings, "hidden-units", 16);
  g_assert_true (gtk_revealer_get_reveal_child (revealer));
  wait_mapped (gtk_revealer_get_child (revealer));
  check_scope ("the Train page", GTK_WIDGET (window), 6);
  g_settings_reset (settings, "hidden-units");
}

static void
test_draw_page (void)
{
  show_page ("draw");
  check_scope ("the Draw page", GTK_WIDGET (window), 6);
  show_page ("train");
}

/* The Evaluate page with a digit's detail (its Show on Draw Page button) shown, the Inside
 * and the Optimizer pages. */
static void
test_inside_pages (void)
{
  AdwViewStack *stack = template_child (window, DT_TYPE_WINDOW, "view_stack");
  DtDigitGallery *gallery = dt_evaluate_page_get_gallery (
    DT_EVALUATE_PAGE (adw_view_stack_get_child_by_name (stack, "evaluate")));
  gint64 deadline = g_get_monotonic_time () + 15 * G_USEC_PER_SEC;

  show_page ("evaluate");
  /* the untrained network's mistakes fill the gallery once it has been evaluated */
  while (dt_digit_gallery_get_n_items (gallery) == 0 && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (dt_digit_gallery_get_n_items (gallery), >, 0);
  dt_digit_gallery_select (gallery, 0);
  wait_mapped (gtk_widget_get_last_child (gtk_widget_get_parent (GTK_WIDGET (gallery))));
  check_scope ("the Evaluate page", GTK_WIDGET (window), 9);
  show_page ("inside");
  check_scope ("the Inside page", GTK_WIDGET (window), 8);
  show_page ("optimizer");
  check_scope ("the Optimizer page", GTK_WIDGET (window), 7);
  show_page ("train");
}

/* The menu buttons shown under widget (its popovers are checked on their own). */
static void
find_menu_buttons (GtkWidget *widget,
                   GPtrArray *found)
{
  if (!gtk_widget_get_mapped (widget) || GTK_IS_NATIVE (widget))
    return;
  if (GTK_IS_MENU_BUTTON (widget))
    g_ptr_array_add (found, widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    find_menu_buttons (child, found);
}

/* Opens the popover of every menu button on the page not seen on an earlier page (the main
 * and export menus, Add to Training Set), checks it and closes it again. */
static void
check_popovers (const char *page,
                GHashTable *seen)
{
  g_autoptr(GPtrArray) buttons = g_ptr_array_new ();

  show_page (page);
  find_menu_buttons (gtk_window_get_child (GTK_WINDOW (window)), buttons);
  g_assert_cmpuint (buttons->len, >=, 2);
  for (guint i = 0; i < buttons->len; i++)
    {
      GtkMenuButton *button = buttons->pdata[i];
      g_autofree char *place = g_strdup_printf ("the popover of “%s” on the %s page",
                                                gtk_widget_get_tooltip_text (GTK_WIDGET (button)),
                                                page);
      GtkPopover *popover;

      if (!g_hash_table_add (seen, button))
        continue;
      gtk_menu_button_popup (button);
      popover = gtk_menu_button_get_popover (button);
      wait_mapped (GTK_WIDGET (popover));
      check_scope (place, GTK_WIDGET (popover), 0);
      gtk_menu_button_popdown (button);
    }
}

static void
test_popovers (void)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (NULL, NULL);

  check_popovers ("train", seen);
  check_popovers ("draw", seen);
  g_assert_cmpuint (g_hash_table_size (seen), ==, 3);
  show_page ("train");
}

/* Opens a window or dialog with an action, checks it, closes it. */
static void
check_opened (const char *place,
              GActionGroup *group,
              const char   *action,
              guint         min_found)
{
  GList *before = list_toplevels ();
  GtkWindow *opened;

  if (group != NULL)
    g_action_group_activate_action (group, action, NULL);
  else
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), action, NULL));
  opened = new_toplevel (before);
  g_list_free_full (before, g_object_unref);
  wait_mapped (GTK_WIDGET (opened));
  check_scope (place, GTK_WIDGET (opened), min_found);
  if (GTK_IS_DIALOG (opened))   /* the file chooser's fallback dialog: Cancel */
    gtk_dialog_response (GTK_DIALOG (opened), GTK_RESPONSE_CANCEL);
  else
    gtk_window_close (opened);
  while (gtk_widget_get_visible (GTK_WIDGET (opened)))
    g_main_context_iteration (NULL, TRUE);
  g_object_unref (opened);
}

static void
test_windows (void)
{
  /* hidden units, seed, Choose…, smoothing, Restore (the lesson settings are on the panel) */
  check_opened ("Preferences", G_ACTION_GROUP (app), "preferences", 5);
  check_opened ("Keyboard Shortcuts", NULL, "win.show-help-overlay", 0);
  check_opened ("About", G_ACTION_GROUP (app), "about", 0);
}

static void
test_dialogs (void)
{
  DtTrainer *trainer = dt_window_get_trainer (window);

  /* Export needs curves: one short run */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.train", NULL));
  while (dt_trainer_get_running (trainer))
    g_main_context_iteration (NULL, TRUE);
  check_opened ("the Choose the MNIST Folder dialog", NULL, "win.choose-data-folder", 2);
  check_opened ("the Export Curves as PNG dialog", NULL, "win.export-png", 2);
}

/* The window's other states: no data (Choose Folder…) and unreadable data (Choose Another
 * Folder…), each in a window of its own. */
static void
check_state (const char *place,
             const char *dir,
             const char *state)
{
  g_autoptr(GSettings) settings = dt_settings_new ();
  DtWindow *other;
  GtkStack *stack;

  g_settings_set_string (settings, "data-dir", dir);
  other = dt_window_new (NULL);
  gtk_window_present (GTK_WINDOW (other));
  while (dt_trainer_get_data_state (dt_window_get_trainer (other)) == DT_DATA_STATE_LOADING)
    g_main_context_iteration (NULL, TRUE);
  stack = template_child (other, DT_TYPE_WINDOW, "main_stack");
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, state);
  wait_mapped (gtk_stack_get_visible_child (stack));
  check_scope (place, GTK_WIDGET (other), 3);
  gtk_window_destroy (GTK_WINDOW (other));
  g_settings_set_string (settings, "data-dir", data_dir);
}

static void
test_empty_and_error (void)
{
  g_autofree char *nowhere = g_build_filename (g_get_tmp_dir (), "dt-nowhere", NULL);
  g_autofree char *corrupt = dt_test_make_dataset (20, 10);
  g_autofree char *labels = g_build_filename (corrupt, "t10k-labels-idx1-ubyte", NULL);

  check_state ("the No MNIST Data page", nowhere, "empty");
  g_assert_true (g_file_set_contents (labels, "\0\0\x08\x01\0\0\0\x05", 8, NULL));
  check_state ("the MNIST Could Not Be Read page", corrupt, "error");
  dt_test_remove_dataset (corrupt);
}

static void
open_app (void)
{
  g_autoptr(GSettings) settings = dt_settings_new ();
  g_autoptr(GError) error = NULL;

  g_settings_set_string (settings, "data-dir", data_dir);
  app = dt_application_new ();
  /* no session bus in the test: register without uniqueness */
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_assert_no_error (error);
  g_application_activate (G_APPLICATION (app));
  window = DT_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (app)));
  g_assert_nonnull (window);
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  while (dt_trainer_get_data_state (dt_window_get_trainer (window)) == DT_DATA_STATE_LOADING)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpint (dt_trainer_get_data_state (dt_window_get_trainer (window)), ==,
                   DT_DATA_STATE_READY);
}

static void
close_app (void)
{
  g_object_ref (window);
  g_action_group_activate_action (G_ACTION_GROUP (app), "quit", NULL);
  g_assert_finalize_object (window);
  g_object_unref (app);
}

/* Runs one test case's places, then fails it with every clash they had. */
static void
run_places (gconstpointer data)
{
  GTestFunc func = (GTestFunc) data;

  g_string_truncate (clashes_seen, 0);
  func ();
  if (clashes_seen->len > 0)
    g_test_fail_printf ("%s", clashes_seen->str);
}

static void
add_test (const char *name,
          GTestFunc   func)
{
  g_autofree char *path = g_strdup_printf ("/mnemonics/%s/%s", language, name);

  g_test_add_data_func (path, (gconstpointer) func, run_places);
}

int
main (int   argc,
      char *argv[])
{
  const char *localedir = g_getenv ("DT_LOCALEDIR");
  int status;

  /* the language comes first, before anything is translated; the environment is set
   * before any thread starts */
  language = argc > 1 && argv[argc - 1][0] != '-' ? argv[argc - 1] : "en";
  g_setenv ("LANGUAGE", g_str_equal (language, "en") ? "C" : language, TRUE);
  data_dir = dt_test_make_dataset (200, 50);
  g_unsetenv ("MNIST_DIR");   /* the empty state must not find this machine's MNIST */
  g_setenv ("XDG_DATA_HOME", data_dir, TRUE);
  setlocale (LC_ALL, "C.UTF-8");
  bindtextdomain (GETTEXT_PACKAGE, localedir != NULL ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  g_test_init (&argc, &argv, NULL);
  gtk_disable_setlocale ();
  adw_init ();

  /* the translation is really in use (a missing catalogue would test English twice) */
  if (!g_str_equal (language, "en"))
    g_assert_cmpstr (_("Digit Trainer"), !=, "Digit Trainer");

  g_test_add_func ("/mnemonics/detector", test_detector);
  add_test ("train-page", test_train_page);
  add_test ("draw-page", test_draw_page);
  add_test ("inside-pages", test_inside_pages);
  add_test ("popovers", test_popovers);
  add_test ("windows", test_windows);
  add_test ("file-dialogs", test_dialogs);
  add_test ("empty-and-error", test_empty_and_error);

  clashes_seen = g_string_new (NULL);
  open_app ();
  status = g_test_run ();
  close_app ();
  dt_test_remove_dataset (data_dir);
  g_free (data_dir);
  g_string_free (clashes_seen, TRUE);
  return status;
}
