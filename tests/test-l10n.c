/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The window in Simplified Chinese: run with LANGUAGE=zh_CN and DT_LOCALEDIR pointing at the
 * catalogues built in the tree.  Every label on screen must be Chinese, except the names a
 * Chinese lesson leaves in English (MNIST, RMSprop, Keras's loss and acc, …). */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <locale.h>
#include <string.h>

#include "dt-application.h"
#include "dt-test-data.h"
#include "dt-window.h"

static char *data_dir;

/* Words that stay English in the Chinese interface, as in Chinese tutorials. */
static const char *const english_ok[] = {
  "MNIST", "RMSprop", "Keras", "IDX", "ReLU", "softmax", "Dense", "loss", "acc", "lr",
  "rho", "epsilon", "PNG", "SVG", "CSV", "Ctrl", "Esc", "Delete", "Enter", "gz", "ubyte",
  "idx3", "idx1", "train", "t10k", "images", "labels", "mnist", "digit", "trainer", "share",
  "local", "build", "aux", "fetch", "sh", "tmp", "dt", "here", "XDG", "DATA", "HOME", "DIR",
  "no", NULL,
};

static void
collect_labels (GtkWidget *widget,
                GPtrArray *texts)
{
  if (!gtk_widget_get_mapped (widget))
    return;
  if (GTK_IS_LABEL (widget) && *gtk_label_get_text (GTK_LABEL (widget)) != '\0')
    g_ptr_array_add (texts, g_strdup (gtk_label_get_text (GTK_LABEL (widget))));
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_labels (child, texts);
}

/* The first English word of three or more letters that is not in english_ok, or NULL. */
static char *
find_english (const char *text)
{
  g_autoptr(GRegex) word = g_regex_new ("[A-Za-z][A-Za-z0-9]{2,}", 0, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;

  g_regex_match (word, text, 0, &match);
  for (; g_match_info_matches (match); g_match_info_next (match, NULL))
    {
      g_autofree char *w = g_match_info_fetch (match, 0);

      if (!g_strv_contains (english_ok, w))
        return g_steal_pointer (&w);
    }
  return NULL;
}

static gboolean
has_label (GPtrArray  *texts,
           const char *needle)
{
  for (guint i = 0; i < texts->len; i++)
    if (strstr (texts->pdata[i], needle) != NULL)
      return TRUE;
  return FALSE;
}

static GtkWidget *
find_type (GtkWidget *widget,
           GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_type (child, type);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
test_window_chinese (void)
{
  DtWindow *window = dt_window_new (NULL);
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
  GtkWidget *paned;
  AdwViewStack *stack;
  GtkSelectionModel *pages;
  guint n_english = 0;

  gtk_window_present (GTK_WINDOW (window));
  /* wait for the dataset to load and the main page to show */
  do
    {
      g_main_context_iteration (NULL, FALSE);
      paned = find_type (GTK_WIDGET (window), GTK_TYPE_PANED);
    }
  while ((paned == NULL || !gtk_widget_get_mapped (paned)) &&
         g_get_monotonic_time () < deadline);
  g_assert_nonnull (paned);
  g_assert_true (gtk_widget_get_mapped (paned));
  for (int i = 0; i < 20; i++)
    g_main_context_iteration (NULL, FALSE);

  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, "数字训练器");
  collect_labels (GTK_WIDGET (window), texts);
  g_assert_cmpuint (texts->len, >, 5);
  g_assert_true (has_label (texts, "训练"));          /* the Train button */
  g_assert_true (has_label (texts, "训练集样本"));    /* the samples' heading */

  /* every other page of the view stack too (the sketchpad) */
  stack = ADW_VIEW_STACK (find_type (GTK_WIDGET (window), ADW_TYPE_VIEW_STACK));
  g_assert_nonnull (stack);
  pages = adw_view_stack_get_pages (stack);
  for (guint p = 1; p < g_list_model_get_n_items (G_LIST_MODEL (pages)); p++)
    {
      gtk_selection_model_select_item (pages, p, TRUE);
      for (int i = 0; i < 20; i++)
        g_main_context_iteration (NULL, FALSE);
      collect_labels (GTK_WIDGET (window), texts);
    }
  g_object_unref (pages);
  g_assert_true (has_label (texts, "网络输入"));      /* the sketchpad's input preview */
  for (guint i = 0; i < texts->len; i++)
    {
      g_autofree char *english = find_english (texts->pdata[i]);

      if (english != NULL)
        {
          g_test_message ("untranslated on screen: “%s” (in “%s”)", english,
                          (char *) texts->pdata[i]);
          n_english++;
        }
    }
  g_assert_cmpuint (n_english, ==, 0);

  g_object_ref (window);
  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (window);
}

/* The catalogue itself: a few terms of the lesson, in the tutorials' vocabulary. */
static void
test_catalogue (void)
{
  g_assert_cmpstr (_("Learning rate"), ==, "学习率");
  g_assert_cmpstr (_("Loss"), ==, "损失");
  g_assert_cmpstr (_("Accuracy"), ==, "准确率");
  g_assert_cmpstr (_("Batch size"), ==, "批大小");
  g_assert_cmpstr (_("Hidden units"), ==, "隐藏单元数");
  g_assert_cmpstr (_("Test set"), ==, "测试集");
}

/* About lists the translators only when the catalogue names them: an untranslated
 * translator-credits leaves About's default (no translators), never the msgid itself. */
static void
test_about_credits (void)
{
  DtApplication *app = dt_application_new ();
  const char *translated = g_dgettext (GETTEXT_PACKAGE, "translator-credits");
  GListModel *toplevels = gtk_window_get_toplevels ();
  g_autoptr(GError) error = NULL;
  AdwAboutWindow *about = NULL;

  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_assert_no_error (error);
  g_action_group_activate_action (G_ACTION_GROUP (app), "about", NULL);
  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) w = g_list_model_get_item (toplevels, i);

      if (ADW_IS_ABOUT_WINDOW (w))
        about = ADW_ABOUT_WINDOW (w);   /* the list of toplevels keeps it alive */
    }
  g_assert_nonnull (about);
  g_assert_cmpstr (adw_about_window_get_developer_name (about), ==, "数字训练器贡献者");
  if (g_str_equal (translated, "translator-credits"))
    g_assert_null (adw_about_window_get_translator_credits (about));
  else
    g_assert_cmpstr (adw_about_window_get_translator_credits (about), ==, translated);
  gtk_window_destroy (GTK_WINDOW (about));
  g_object_unref (app);
}

int
main (int    argc,
      char **argv)
{
  const char *localedir = g_getenv ("DT_LOCALEDIR");
  int status;

  setlocale (LC_ALL, "C.UTF-8");
  g_setenv ("LANGUAGE", "zh_CN", TRUE);
  bindtextdomain (GETTEXT_PACKAGE, localedir != NULL ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  g_test_init (&argc, &argv, NULL);
  gtk_disable_setlocale ();
  adw_init ();

  data_dir = dt_test_make_dataset (600, 100);
  g_setenv ("MNIST_DIR", data_dir, TRUE);

  g_test_add_func ("/l10n/zh_CN/catalogue", test_catalogue);
  g_test_add_func ("/l10n/zh_CN/window", test_window_chinese);
  g_test_add_func ("/l10n/zh_CN/about-credits", test_about_credits);

  status = g_test_run ();
  dt_test_remove_dataset (data_dir);
  g_free (data_dir);
  return status;
}
