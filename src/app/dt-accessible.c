/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dt-accessible"

#include "config.h"

#include "dt-accessible.h"

/* GTK 4.8 names a button made with a mnemonic label ("_Restore") twice: the raw text as its
 * label property and the child label through labelled-by, so a screen reader says
 * "underscore Restore Restore".  One name, the text the button shows, is what it should say;
 * setting both sides keeps that right on GTK versions that fixed it too. */
static void
fix_button (GtkButton *button)
{
  GtkWidget *child = gtk_button_get_child (button);

  if (!gtk_button_get_use_underline (button) || gtk_button_get_label (button) == NULL ||
      !GTK_IS_LABEL (child))
    return;
  gtk_accessible_reset_relation (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_RELATION_LABELLED_BY);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  gtk_label_get_text (GTK_LABEL (child)),
                                  -1);
}

/* A check button's label is its own child label too: the same double name. */
static void
fix_check_button (GtkCheckButton *check)
{
  const char *text = gtk_check_button_get_label (check);
  g_autoptr(GString) plain = NULL;

  if (!gtk_check_button_get_use_underline (check) || text == NULL)
    return;
  plain = g_string_new (text);
  g_string_replace (plain, "_", "", 1);
  gtk_accessible_reset_relation (GTK_ACCESSIBLE (check), GTK_ACCESSIBLE_RELATION_LABELLED_BY);
  gtk_accessible_update_property (GTK_ACCESSIBLE (check), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  plain->str, -1);
}

void
dt_accessible_fix_mnemonic_buttons (GtkWidget *root)
{
  g_return_if_fail (GTK_IS_WIDGET (root));

  if (GTK_IS_BUTTON (root))
    fix_button (GTK_BUTTON (root));
  else if (GTK_IS_CHECK_BUTTON (root))
    fix_check_button (GTK_CHECK_BUTTON (root));
  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    dt_accessible_fix_mnemonic_buttons (child);
}
