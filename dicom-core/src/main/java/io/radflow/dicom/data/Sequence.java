package io.radflow.dicom.data;

import java.util.ArrayList;
import java.util.Collection;

/** The value of an SQ element: a list of items, each a nested {@link Attributes}. */
public final class Sequence extends ArrayList<Attributes> {
    private final transient Attributes parent;
    private final int tag;

    Sequence(Attributes parent, int tag, int capacity) {
        super(capacity);
        this.parent = parent;
        this.tag = tag;
    }

    /** The data set containing this sequence. */
    public Attributes parent() {
        return parent;
    }

    /** The tag of the sequence element. */
    public int tag() {
        return tag;
    }

    @Override
    public boolean add(Attributes item) {
        item.setParent(parent);
        return super.add(item);
    }

    @Override
    public void add(int index, Attributes item) {
        item.setParent(parent);
        super.add(index, item);
    }

    @Override
    public Attributes set(int index, Attributes item) {
        item.setParent(parent);
        return super.set(index, item);
    }

    @Override
    public boolean addAll(Collection<? extends Attributes> items) {
        items.forEach(i -> i.setParent(parent));
        return super.addAll(items);
    }

    @Override
    public boolean equals(Object o) {
        return super.equals(o);
    }

    @Override
    public int hashCode() {
        return super.hashCode();
    }
}
