#include "ParcoursImaging.h"
#include <vips/vips.h>
#include <limits.h>

int parcours_imaging_start(void) {
    static int started = 0;
    static int result = -1;
    /* vips_init is itself safe to call more than once; the first result is kept. */
    if (!started) {
        result = VIPS_INIT("parcours");
        if (result == 0) {
            /* No operation cache: a build processes each image once, and the cache would
             * only hold memory. */
            vips_cache_set_max(0);
        }
        started = 1;
    }
    return result;
}

int parcours_imaging_size(const void *bytes, size_t length, int *width, int *height) {
    VipsImage *image = vips_image_new_from_buffer(bytes, length, "", "access", VIPS_ACCESS_SEQUENTIAL, NULL);
    if (image == NULL) return -1;
    *width = vips_image_get_width(image);
    *height = vips_image_get_height(image);
    g_object_unref(image);
    return 0;
}

int parcours_imaging_resize(const void *bytes, size_t length, int width, const char *suffix,
                            void **output, size_t *output_length, int *output_width, int *output_height) {
    VipsImage *image = NULL;
    /* A height that never binds: the width alone decides; VIPS_SIZE_DOWN never upscales. */
    if (vips_thumbnail_buffer((void *)bytes, length, &image, width,
                              "height", 10000000, "size", VIPS_SIZE_DOWN, NULL) != 0) {
        return -1;
    }
    /* Some savers (WebP in libvips 8.14) write the EXIF block even with `strip`: the
     * metadata are removed from the image itself first (a copy, so the header is ours). */
    VipsImage *bare = NULL;
    if (vips_copy(image, &bare, NULL) != 0) {
        g_object_unref(image);
        return -1;
    }
    g_object_unref(image);
    gchar **fields = vips_image_get_fields(bare);
    for (int i = 0; fields != NULL && fields[i] != NULL; i++) {
        const char *name = fields[i];
        if (g_str_has_prefix(name, "exif-") || g_str_equal(name, VIPS_META_XMP_NAME) || g_str_equal(name, VIPS_META_IPTC_NAME)
            || g_str_equal(name, VIPS_META_PHOTOSHOP_NAME) || g_str_has_prefix(name, "jpeg-thumbnail")) {
            vips_image_remove(bare, name);
        }
    }
    g_strfreev(fields);
    int result = vips_image_write_to_buffer(bare, suffix, output, output_length, NULL);
    if (result == 0) {
        *output_width = vips_image_get_width(bare);
        *output_height = vips_image_get_height(bare);
    }
    g_object_unref(bare);
    return result;
}

const char *parcours_imaging_error(void) {
    return vips_error_buffer();
}

void parcours_imaging_clear_error(void) {
    vips_error_clear();
}

void parcours_imaging_free(void *pointer) {
    g_free(pointer);
}
