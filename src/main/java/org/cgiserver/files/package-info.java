/**
 * Static files from the document root: files, index files, listings and the redirect to a folder's slash.
 */
@NullMarked
package org.cgiserver.files;

import org.jspecify.annotations.NullMarked;
