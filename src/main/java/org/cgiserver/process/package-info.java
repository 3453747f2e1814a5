/**
 * Operating-system processes: starting scripts confined and limited, feeding and draining them, stopping whole trees.
 */
@NullMarked
package org.cgiserver.process;

import org.jspecify.annotations.NullMarked;
