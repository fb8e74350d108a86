#ifndef PARCOURS_IMAGING_H
#define PARCOURS_IMAGING_H

#include <stddef.h>

/* libvips's calls take their options as C variadic arguments, which Swift cannot pass:
 * these few functions make the calls Parcours needs with fixed arguments. */

/* Starts libvips once; 0 when it is ready. */
int parcours_imaging_start(void);

/* The size of an image in memory (its header only); 0 when it can be read. */
int parcours_imaging_size(const void *bytes, size_t length, int *width, int *height);

/* The image made no wider than `width` (never wider than it was: no upscaling), turned by
 * its EXIF orientation, saved in the format of `suffix` (".jpg[Q=82,strip,interlace]",
 * ".webp[Q=80,strip]", ".png[strip]"): every metadata stripped, GPS position included.
 * 0 when done; the bytes, to free with parcours_imaging_free. */
int parcours_imaging_resize(const void *bytes, size_t length, int width, const char *suffix,
                            void **output, size_t *output_length, int *output_width, int *output_height);

/* libvips's last error message (owned by libvips), and clearing it. */
const char *parcours_imaging_error(void);
void parcours_imaging_clear_error(void);

void parcours_imaging_free(void *pointer);

#endif
