/**
 * The districts the picker offers, by city (GB/T 2260 codes). The demo province's (福建省)
 * urban districts; a worker elsewhere picks the nearest, and staff correct it on review.
 */
export const REGIONS: Record<string, { name: string; districts: readonly (readonly [code: string, name: string])[] }> = {
  '3502': { name: '厦门市', districts: [['350203', '思明区'], ['350205', '海沧区'], ['350206', '湖里区'], ['350211', '集美区'], ['350212', '同安区'], ['350213', '翔安区']] },
  '3501': { name: '福州市', districts: [['350102', '鼓楼区'], ['350103', '台江区'], ['350104', '仓山区'], ['350105', '马尾区'], ['350111', '晋安区'], ['350112', '长乐区']] },
  '3505': { name: '泉州市', districts: [['350502', '鲤城区'], ['350503', '丰泽区'], ['350504', '洛江区'], ['350505', '泉港区']] },
  '3506': { name: '漳州市', districts: [['350602', '芗城区'], ['350603', '龙文区']] },
  '3503': { name: '莆田市', districts: [['350302', '城厢区'], ['350303', '涵江区'], ['350304', '荔城区'], ['350305', '秀屿区']] },
  '3504': { name: '三明市', districts: [['350404', '三元区'], ['350405', '沙县区']] },
  '3507': { name: '南平市', districts: [['350702', '延平区'], ['350703', '建阳区']] },
  '3508': { name: '龙岩市', districts: [['350802', '新罗区'], ['350803', '永定区']] },
  '3509': { name: '宁德市', districts: [['350902', '蕉城区']] },
};
