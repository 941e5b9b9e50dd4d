package com.crmtelephony.support.web;

import com.crmtelephony.support.errors.InvalidInputException;

/**
 * One page of a list as the API asks for it ({@code page} from 0, {@code size}), checked once for
 * every endpoint: out of range is 400, and so is a page so far out that its offset overflows.
 */
public record Paging(int size, int offset) {

    public static final int DEFAULT_SIZE = 100;

    /** @param page null: the first; @param size null: {@link #DEFAULT_SIZE} */
    public static Paging of(Integer page, Integer size, int maxSize) {
        int pageSize = size == null ? DEFAULT_SIZE : size;
        int pageNumber = page == null ? 0 : page;
        if (pageNumber < 0 || pageSize < 1 || pageSize > maxSize) {
            throw new InvalidInputException("page must be >= 0 and size between 1 and " + maxSize);
        }
        long offset = (long) pageNumber * pageSize;
        if (offset > Integer.MAX_VALUE) {
            throw new InvalidInputException("page " + pageNumber + " of size " + pageSize + " is past the end of any list");
        }
        return new Paging(pageSize, (int) offset);
    }
}
