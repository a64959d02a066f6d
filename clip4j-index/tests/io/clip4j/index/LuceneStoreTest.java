package io.clip4j.index;

/** The store contract on Lucene index directories. */
class LuceneStoreTest extends VectorStoreContract {
    @Override
    protected String newLocation(String name) {
        return tmp.resolve(name + ".idx").toString();
    }
}
