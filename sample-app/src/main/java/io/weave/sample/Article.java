package io.weave.sample;

/**
 * A help-center article.
 *
 * @param id the article's id
 * @param category what it is about
 * @param title its title
 * @param summary the gist of it
 */
public record Article(String id, Category category, String title, String summary) {

}
