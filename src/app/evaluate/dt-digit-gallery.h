/* SPDX-License-Identifier: GPL-3.0-or-later */
/* dt-digit-gallery.h — a page of test digits with what the network made of them
 *
 * Shows items of an evaluation's test set (dt-evaluator.h), a page at a time: each digit
 * with its true label, the prediction and its confidence ("4 → 9 · 97 %", wrong ones
 * framed), or with a value of the caller's (a hidden unit's activation).  Clicking a digit,
 * or Return on the one the arrow keys moved to, selects it and emits "digit-selected"
 * (guint index into the test set).  Page Up and Page Down turn pages, as do the header's
 * buttons (actions gallery.previous and gallery.next). */
#pragma once

#include <gtk/gtk.h>

#include "dt-evaluator.h"

G_BEGIN_DECLS

#define DT_TYPE_DIGIT_GALLERY (dt_digit_gallery_get_type ())
G_DECLARE_FINAL_TYPE (DtDigitGallery, dt_digit_gallery, DT, DIGIT_GALLERY, GtkWidget)

#define DT_DIGIT_GALLERY_PAGE_SIZE 24

GtkWidget *dt_digit_gallery_new          (void);
/* n items, indices into ev's test set (copied), each with values[i] as its caption when
 * values is not NULL.  Starts at the first page with nothing selected. */
void       dt_digit_gallery_set_items    (DtDigitGallery *self,
                                          DtEvaluation   *ev,
                                          const guint32  *indices,
                                          guint           n,
                                          const float    *values);
void       dt_digit_gallery_set_title    (DtDigitGallery *self,
                                          const char     *title);
const char *dt_digit_gallery_get_title   (DtDigitGallery *self);
/* Digits a page (default DT_DIGIT_GALLERY_PAGE_SIZE). */
void       dt_digit_gallery_set_page_size (DtDigitGallery *self,
                                           guint           page_size);
/* The header with its title and page buttons, shown by default. */
void       dt_digit_gallery_set_show_header (DtDigitGallery *self,
                                             gboolean        show);
guint      dt_digit_gallery_get_n_items  (DtDigitGallery *self);
guint32    dt_digit_gallery_get_item     (DtDigitGallery *self,
                                          guint           i);
guint      dt_digit_gallery_get_page     (DtDigitGallery *self);
guint      dt_digit_gallery_get_n_pages  (DtDigitGallery *self);
/* The i-th item selected (its page shown), as a click does; −1 when none is. */
void       dt_digit_gallery_select       (DtDigitGallery *self,
                                          guint           i);
int        dt_digit_gallery_get_selected (DtDigitGallery *self);
/* The item at area coordinates, −1 for none; the centre of item i's cell (tests). */
int        dt_digit_gallery_item_at      (DtDigitGallery *self,
                                          double          x,
                                          double          y);
gboolean   dt_digit_gallery_item_center  (DtDigitGallery *self,
                                          guint           i,
                                          double         *x,
                                          double         *y);
GtkWidget *dt_digit_gallery_get_area     (DtDigitGallery *self);

G_END_DECLS
