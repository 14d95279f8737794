/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Ten horizontal bars, one per digit 0–9, each with its probability written beside it;
 * the most likely digit is drawn in the accent colour.  Colours come from the theme, so
 * dark mode works.  The accessible description reads out the prediction.
 *
 * A digit can be chosen (property "chosen", −1 for none): clicking its row, or the arrow
 * and digit keys when the bars have the focus, choose it, and its row is framed — the
 * Draw page shows that digit's evidence map.  Choosing the chosen digit again unchoses it.
 * Property "untrained" dims the bars: the network's guesses before it learned anything. */

#define DT_TYPE_PROBABILITY_BARS (dt_probability_bars_get_type ())
G_DECLARE_FINAL_TYPE (DtProbabilityBars, dt_probability_bars, DT, PROBABILITY_BARS, GtkWidget)

#define DT_PROBABILITY_BARS_N 10

GtkWidget *dt_probability_bars_new               (void);
/* p: 10 probabilities, copied; NULL shows empty bars. */
void       dt_probability_bars_set_probabilities (DtProbabilityBars *self,
                                                  const float       *p);
/* Copies the probabilities shown into p; FALSE (p zeroed) when empty. */
gboolean   dt_probability_bars_get_probabilities (DtProbabilityBars *self,
                                                  float             *p);
/* The highlighted digit, or −1 when empty. */
int        dt_probability_bars_get_winner        (DtProbabilityBars *self);
void       dt_probability_bars_set_chosen        (DtProbabilityBars *self,
                                                  int                digit);
int        dt_probability_bars_get_chosen        (DtProbabilityBars *self);
void       dt_probability_bars_set_untrained     (DtProbabilityBars *self,
                                                  gboolean           untrained);
/* The row of a digit's bar in widget coordinates (tests click there). */
double     dt_probability_bars_row_center        (DtProbabilityBars *self,
                                                  int                digit);

G_END_DECLS
