/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "digit-trainer"

#include "config.h"

#include "dt-data-chooser.h"

#include <glib/gi18n.h>

/* What the answer needs: where to store it, and the owner's slot to clear. */
typedef struct
{
  GSettings             *settings;
  GtkFileChooserNative **slot;
} Request;

static void
request_free (gpointer  data,
              GClosure *closure)
{
  Request *request = data;

  g_object_unref (request->settings);
  g_free (request);
}

static void
response_cb (GtkFileChooserNative *chooser,
             int                   response,
             Request              *request)
{
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      path = file != NULL ? g_file_get_path (file) : NULL;
    }
  if (path != NULL)
    g_settings_set_string (request->settings, "data-dir", path);
  if (*request->slot == chooser)
    g_clear_object (request->slot);
}

void
dt_data_chooser_ask (GtkWindow             *parent,
                     GSettings             *settings,
                     GtkFileChooserNative **chooser)
{
  Request *request;

  g_return_if_fail (G_IS_SETTINGS (settings));
  g_return_if_fail (chooser != NULL);

  g_clear_object (chooser);
  *chooser = gtk_file_chooser_native_new (_("Choose the MNIST Folder"), parent,
                                          GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER,
                                          _("_Select"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (*chooser), TRUE);
  request = g_new (Request, 1);
  request->settings = g_object_ref (settings);
  request->slot = chooser;
  g_signal_connect_data (*chooser, "response", G_CALLBACK (response_cb), request,
                         request_free, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (*chooser));
}
