/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "nn-gunzip"

#include "config.h"

#include "nn-gunzip.h"

#include <glib/gi18n-lib.h>

#define GZIP_ID1 0x1f   /* the two bytes every gzip member starts with */
#define GZIP_ID2 0x8b

struct _NnGunzip
{
  GObject            parent_instance;
  GZlibDecompressor *member;            /* decodes the current member */
  gboolean           between_members;   /* the last member ended; another may start */
};

static void nn_gunzip_converter_init (GConverterIface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (NnGunzip, nn_gunzip, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_CONVERTER,
                                                      nn_gunzip_converter_init))

/* Between members: the input must be empty at its end, or start the next member. */
static gboolean
next_member (NnGunzip         *self,
             const guint8     *in,
             gsize             in_size,
             GConverterFlags   flags,
             gboolean         *finished,
             GError          **error)
{
  gboolean at_end = (flags & G_CONVERTER_INPUT_AT_END) != 0;

  *finished = in_size == 0 && at_end;
  if (*finished)
    return TRUE;
  if (in_size < 2 && !at_end)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT, "need more input");
      return FALSE;
    }
  if (in_size < 2 || in[0] != GZIP_ID1 || in[1] != GZIP_ID2)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           _("there is trailing data after the gzip stream"));
      return FALSE;
    }
  g_converter_reset (G_CONVERTER (self->member));
  self->between_members = FALSE;
  return TRUE;
}

static GConverterResult
nn_gunzip_convert (GConverter       *converter,
                   const void       *inbuf,
                   gsize             inbuf_size,
                   void             *outbuf,
                   gsize             outbuf_size,
                   GConverterFlags   flags,
                   gsize            *bytes_read,
                   gsize            *bytes_written,
                   GError          **error)
{
  NnGunzip *self = NN_GUNZIP (converter);
  GConverterResult result;
  gboolean finished;

  *bytes_read = *bytes_written = 0;
  if (self->between_members)
    {
      if (!next_member (self, inbuf, inbuf_size, flags, &finished, error))
        return G_CONVERTER_ERROR;
      if (finished)
        return G_CONVERTER_FINISHED;
    }
  result = g_converter_convert (G_CONVERTER (self->member), inbuf, inbuf_size, outbuf,
                                outbuf_size, flags, bytes_read, bytes_written, error);
  if (result != G_CONVERTER_FINISHED)
    return result;
  /* this member is done; the file is done only when no input follows */
  self->between_members = TRUE;
  if ((flags & G_CONVERTER_INPUT_AT_END) != 0 && *bytes_read == inbuf_size)
    return G_CONVERTER_FINISHED;
  return G_CONVERTER_CONVERTED;
}

static void
nn_gunzip_reset (GConverter *converter)
{
  NnGunzip *self = NN_GUNZIP (converter);

  g_converter_reset (G_CONVERTER (self->member));
  self->between_members = FALSE;
}

static void
nn_gunzip_converter_init (GConverterIface *iface)
{
  iface->convert = nn_gunzip_convert;
  iface->reset = nn_gunzip_reset;
}

static void
nn_gunzip_finalize (GObject *object)
{
  NnGunzip *self = NN_GUNZIP (object);

  g_clear_object (&self->member);
  G_OBJECT_CLASS (nn_gunzip_parent_class)->finalize (object);
}

static void
nn_gunzip_class_init (NnGunzipClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = nn_gunzip_finalize;
}

static void
nn_gunzip_init (NnGunzip *self)
{
  self->member = g_zlib_decompressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP);
}

NnGunzip *
nn_gunzip_new (void)
{
  return g_object_new (NN_TYPE_GUNZIP, NULL);
}
