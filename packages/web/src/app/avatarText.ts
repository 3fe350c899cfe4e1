const CJK = /[\u3400-\u9fff]/;

/** Two characters for an avatar: 张伟 → 张伟, 王建国 → 建国, 系统管理员 → 系, Alice Wang → AW. */
export const avatarText = (name: string): string => {
  const n = name.trim();
  if (!n) return '?';
  if (CJK.test(n)) return n.length <= 3 ? n.slice(-2) : n.slice(0, 1);
  const words = n.split(/\s+/).filter(Boolean);
  return words
    .slice(0, 2)
    .map((w) => w[0]!.toUpperCase())
    .join('');
};
