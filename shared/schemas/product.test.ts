import { Product, ProductSnapshot, toProductSnapshot } from './product';

const good = {
  id: '412345',
  name: 'Nimbus',
  tagline: 'Clouds for teams',
  description: null,
  slug: 'nimbus',
  url: 'https://www.producthunt.com/posts/nimbus',
  website: null,
  votes_count: 12,
  comments_count: 0,
  created_at: '2024-06-14T12:00:00.000Z',
  featured_at: null,
  topics: ['Productivity'],
};

describe('Product', () => {
  it('accepts nulls for the optional fields', () => {
    expect(Product.safeParse(good).success).toBe(true);
  });

  it.each([
    ['id', 'abc'],
    ['votes_count', -1],
    ['comments_count', 1.5],
    ['url', 'ftp://x'],
    ['created_at', '2024-06-14'],
    ['topics', ['A', 'A']],
    ['description', undefined],
  ])('rejects %s = %p', (field, value) => {
    expect(Product.safeParse({ ...good, [field]: value }).success).toBe(false);
  });
});

describe('ProductSnapshot', () => {
  it('is the product on a date', () => {
    const snapshot = toProductSnapshot(good, '2024-06-15');
    expect(snapshot).toEqual({ product_id: '412345', snapshot_date: '2024-06-15', votes_count: 12, comments_count: 0 });
    expect(ProductSnapshot.safeParse(snapshot).success).toBe(true);
    expect(ProductSnapshot.safeParse({ ...snapshot, snapshot_date: '2024-06-15T00:00:00Z' }).success).toBe(false);
  });
});
